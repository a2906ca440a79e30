using AnomalyPlatform.Contracts.Telemetry;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// The features of a whole run, built once and shared by every model: one <see cref="KindFeatureBlock"/> per record
/// kind (metrics, spans, logs, events) for the multivariate models, and the Poisson window tests behind them, which
/// the statistical model reads directly.
/// </summary>
public sealed class RecordFeatures
{
    private RecordFeatures(
        int records, KindFeatureBlock metrics, KindFeatureBlock spans, KindFeatureBlock logs, KindFeatureBlock events,
        WindowSurprise errorLogs, WindowSurprise eventCounts)
    {
        Records = records;
        Metrics = metrics;
        Spans = spans;
        Logs = logs;
        Events = events;
        ErrorLogWindows = errorLogs;
        EventWindows = eventCounts;
        Blocks = [metrics, spans, logs, events];
    }

    /// <summary>Records of the run: the row space every block's <see cref="KindFeatureBlock.RecordRows"/> indexes.</summary>
    public int Records { get; }

    public KindFeatureBlock Metrics { get; }

    public KindFeatureBlock Spans { get; }

    public KindFeatureBlock Logs { get; }

    public KindFeatureBlock Events { get; }

    /// <summary>The four blocks, in the order metrics, spans, logs, events.</summary>
    public IReadOnlyList<KindFeatureBlock> Blocks { get; }

    internal WindowSurprise ErrorLogWindows { get; }

    internal WindowSurprise EventWindows { get; }

    /// <summary>
    /// Builds the features of a run from its telemetry batches (any order): what the detector does with a segment's
    /// records. Public so that benchmarks and notebooks can feed the models the same matrices the pipeline does.
    /// </summary>
    public static RecordFeatures FromBatches(IEnumerable<IReadOnlyList<TelemetryRecord>> batches, FeatureOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(batches);
        var columns = new TelemetryColumns();
        foreach (var batch in batches)
        {
            columns.Append(batch);
        }

        columns.Seal();
        return Build(columns, TraceLinks.Build(columns), SeriesGrouping.MetricSeries(columns), options ?? new FeatureOptions());
    }

    internal static RecordFeatures Build(TelemetryColumns columns, TraceLinks links, SeriesGrouping metricSeries, FeatureOptions options)
    {
        var errorLogs = Select(columns, row => columns.Kinds[row] == (byte)TelemetryKind.Log && columns.Levels[row] == (byte)LogLevel.Error);
        var errorLogWindows = WindowSurprise.Build(columns, links, errorLogs,
            row => columns.Kinds[row] == (byte)TelemetryKind.Log && columns.Levels[row] != (byte)LogLevel.Error, options.Window, options.PropagationSurprise);
        var events = Select(columns, row => columns.Kinds[row] == (byte)TelemetryKind.Event);
        var eventWindows = WindowSurprise.Build(columns, links, events, exposure: null, options.Window, options.PropagationSurprise);

        return new RecordFeatures(
            columns.Count,
            MetricFeatureBuilder.Build(columns, metricSeries, options),
            SpanFeatureBuilder.Build(columns, links, options),
            LogFeatureBuilder.Build(columns, errorLogWindows, options),
            EventFeatureBuilder.Build(columns, eventWindows, options),
            errorLogWindows,
            eventWindows);
    }

    private static int[] Select(TelemetryColumns columns, Func<int, bool> predicate)
    {
        var rows = new List<int>();
        for (var row = 0; row < columns.Count; row++)
        {
            if (predicate(row))
            {
                rows.Add(row);
            }
        }

        return [.. rows];
    }
}
