using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Log features, one row per line, grouped by service: the template's rarity in bits among the lines of the same service
/// and level, and for ERROR lines the window surprise of the service's ERROR count and the largest such surprise at a
/// callee in the same window (0 for other levels). The level is the context of the rarity rather than a column of its
/// own: routine ERROR lines are 1–3 % of all lines, and a severity column makes every one of them a density outlier,
/// whereas a burst is unusual for its count and its messages, not for being an ERROR.
/// </summary>
internal static class LogFeatureBuilder
{
    public const string TemplateRarity = "log_template_rarity_bits";
    public const string ErrorSurprise = "log_error_window_surprise";
    public const string CalleeErrorSurprise = "log_callee_error_window_surprise";

    public static KindFeatureBlock Build(TelemetryColumns columns, WindowSurprise errorWindows, FeatureOptions options)
    {
        var rows = new List<int>();
        var kinds = columns.Kinds;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Log)
            {
                rows.Add(row);
            }
        }

        var n = rows.Count;
        var services = new int[n];
        var contexts = new int[n];
        var templates = new int[n];
        for (var i = 0; i < n; i++)
        {
            services[i] = columns.ServiceIds[rows[i]];
            contexts[i] = services[i] * 256 + columns.Levels[rows[i]];
            templates[i] = columns.NameIds[rows[i]];
        }

        var rarity = Surprisal.Conditional(contexts, templates);
        var position = new Dictionary<int, int>(errorWindows.SelectedRows.Length);
        for (var k = 0; k < errorWindows.SelectedRows.Length; k++)
        {
            position[errorWindows.SelectedRows[k]] = k;
        }

        var family = errorWindows.FalseDiscoveryThreshold(options.CountFalseDiscoveryRate, options.CountMinSurprise);
        const int width = 3;
        var matrix = new double[n * width];
        for (var i = 0; i < n; i++)
        {
            matrix[i * width] = rarity[i];
            if (position.TryGetValue(rows[i], out var k))
            {
                matrix[i * width + 1] = Math.Max(errorWindows.Own[k], 0);
                matrix[i * width + 2] = Significant(errorWindows.FromCallees[k], family);
            }
        }

        var labels = new string[Math.Max(1, columns.Services.Count)];
        Array.Fill(labels, string.Empty);
        for (var s = 0; s < columns.Services.Count; s++)
        {
            labels[s] = columns.Services[s];
        }

        var matrixObject = new Models.FeatureMatrix(n, [TemplateRarity, ErrorSurprise, CalleeErrorSurprise], matrix, services, labels.Length);
        return new KindFeatureBlock(TelemetryKind.Log, matrixObject, [.. rows], labels);
    }

    /// <summary>A callee's surprise only when its window is significant for the whole run (at the false-discovery rate): otherwise a routine record would carry its dependency's noise.</summary>
    private static double Significant(double calleeSurprise, double familyThreshold) => calleeSurprise >= familyThreshold ? calleeSurprise : 0;
}
