namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Metric readings that say they hold no value: an empty, NaN or null value in a MELT CSV (exporters write NaN for a latency
/// percentile of a minute without requests), an OTLP point flagged as having no recorded value (a staleness marker) or
/// reading NaN. They are gaps in their series, not mistakes, as <c>detect</c> reads a series' NaN rows: left out,
/// counted per metric and the first named, apart from the records that could not be read, so that a day of NaN
/// latencies neither sounds like a broken file nor takes the places of the real mistakes among the reasons shown.
/// </summary>
internal sealed class ValuelessReadings
{
    private readonly Dictionary<string, long> _byMetric = new(StringComparer.Ordinal);

    /// <summary>Readings left out for having no value.</summary>
    public long Count { get; private set; }

    /// <summary>Where the first was: file, line and field.</summary>
    public string? First { get; private set; }

    /// <summary>How many each metric had, the most first (then by name).</summary>
    public IReadOnlyList<(string Metric, long Count)> ByMetric =>
        [.. _byMetric.OrderByDescending(static m => m.Value).ThenBy(static m => m.Key, StringComparer.Ordinal).Select(static m => (m.Key, m.Value))];

    /// <param name="metric">The series' name; the names are pooled, so one entry a metric costs one string.</param>
    public void Add(string path, long line, string field, string metric)
    {
        Count++;
        First ??= $"{path}, line {line}, {field}";
        _byMetric[metric] = _byMetric.GetValueOrDefault(metric) + 1;
    }
}
