using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// The records of one kind split into series by a key: the rows (in record order), each row's series index (series
/// numbered in order of first appearance) and each series' readable label.
/// </summary>
internal sealed record SeriesGrouping(int[] Rows, int[] Groups, string[] Labels)
{
    /// <summary>At least 1, so that an empty kind still gives a valid feature matrix.</summary>
    public int GroupCount => Math.Max(1, Labels.Length);

    /// <summary>
    /// One series per (service, instance, metric) among the metric records, an instance's series continued by the
    /// instances that replaced it (<see cref="InstanceLineage"/>): "checkout/checkout-7d9f-x2 → checkout-7d9f-q8
    /// cpu_percent" for a series two instances wrote in turn.
    /// </summary>
    public static SeriesGrouping MetricSeries(TelemetryColumns columns)
    {
        var lines = InstanceLineage.Of(columns);
        return Of(
            columns,
            TelemetryKind.Metric,
            row => (columns.ServiceIds[row], lines.First[columns.InstanceIds[row]], columns.NameIds[row]),
            (key, row) => $"{columns.ServiceAt(row)}/{lines.Describe(columns.Instances, key.Item2)} {columns.NameAt(row)}");
    }

    /// <summary>One baseline per <see cref="SpanBaselineKey"/> among the spans.</summary>
    public static SeriesGrouping SpanBaselines(TelemetryColumns columns, TraceLinks links) => Of(
        columns,
        TelemetryKind.Span,
        row => SpanBaselineKey.Of(columns, links, row),
        (key, _) => SpanBaselineKey.Label(columns, key));

    public static SeriesGrouping Of<TKey>(
        TelemetryColumns columns, TelemetryKind kind, Func<int, TKey> keyOf, Func<TKey, int, string> labelOf)
        where TKey : notnull
    {
        var keys = new Dictionary<TKey, int>();
        var labels = new List<string>();
        var rows = new List<int>();
        var groups = new List<int>();
        var kinds = columns.Kinds;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)kind)
            {
                continue;
            }

            var key = keyOf(row);
            if (!keys.TryGetValue(key, out var group))
            {
                group = keys.Count;
                keys.Add(key, group);
                labels.Add(labelOf(key, row));
            }

            rows.Add(row);
            groups.Add(group);
        }

        return new SeriesGrouping([.. rows], [.. groups], [.. labels]);
    }
}
