using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Event features, one row per event, grouped by service: the window surprise of the service's event count, the
/// largest such surprise at a callee in the same window (a caller's health checks flap when its dependency does), and
/// the rarity of the event type at the service in bits.
/// </summary>
internal static class EventFeatureBuilder
{
    public const string RateSurprise = "event_window_surprise";
    public const string CalleeRateSurprise = "event_callee_window_surprise";
    public const string TypeRarity = "event_type_rarity_bits";

    public static KindFeatureBlock Build(TelemetryColumns columns, WindowSurprise eventWindows, FeatureOptions options)
    {
        var rows = eventWindows.SelectedRows;
        var n = rows.Length;
        var services = new int[n];
        var types = new int[n];
        for (var i = 0; i < n; i++)
        {
            services[i] = columns.ServiceIds[rows[i]];
            types[i] = columns.NameIds[rows[i]];
        }

        var rarity = Surprisal.Conditional(services, types);
        var family = eventWindows.FalseDiscoveryThreshold(options.CountFalseDiscoveryRate, options.CountMinSurprise);
        var matrix = new double[n * 3];
        for (var i = 0; i < n; i++)
        {
            matrix[i * 3] = Math.Max(eventWindows.Own[i], 0);
            matrix[i * 3 + 1] = Significant(eventWindows.FromCallees[i], family);
            matrix[i * 3 + 2] = rarity[i];
        }

        var labels = new string[Math.Max(1, columns.Services.Count)];
        Array.Fill(labels, string.Empty);
        for (var s = 0; s < columns.Services.Count; s++)
        {
            labels[s] = columns.Services[s];
        }

        return new KindFeatureBlock(
            TelemetryKind.Event, new FeatureMatrix(n, [RateSurprise, CalleeRateSurprise, TypeRarity], matrix, services, labels.Length), [.. rows], labels);
    }

    /// <summary>A callee's surprise only when its window is significant for the whole run (at the false-discovery rate): otherwise a routine record would carry its dependency's noise.</summary>
    private static double Significant(double calleeSurprise, double familyThreshold) => calleeSurprise >= familyThreshold ? calleeSurprise : 0;
}
