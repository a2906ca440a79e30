using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Everything the models of one run read: the sealed telemetry columns, the metric series they split into, the
/// resolved trace links, and the per-kind features built once for all models. The links and features may still be
/// under construction when a model starts: a model that reads only the columns and series (the LSTM autoencoder) gets
/// going at once, one that reads the features waits for them on first use.
/// </summary>
internal sealed class DetectionInput
{
    private readonly Lazy<SeriesGrouping> _metricSeries;
    private readonly Task<TraceLinks> _links;
    private readonly Task<RecordFeatures> _features;

    /// <summary>Builds the features at once (tests, benchmarks); a run builds them beside its models.</summary>
    public DetectionInput(TelemetryColumns columns, TraceLinks links, FeatureOptions options)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        _metricSeries = MetricSeriesOf(columns);
        _links = Task.FromResult(links);
        _features = Task.FromResult(RecordFeatures.Build(columns, links, MetricSeries, options));
    }

    public DetectionInput(TelemetryColumns columns, Lazy<SeriesGrouping> metricSeries, Task<TraceLinks> links, Task<RecordFeatures> features)
    {
        Columns = columns;
        _metricSeries = metricSeries;
        _links = links;
        _features = features;
    }

    public TelemetryColumns Columns { get; }

    /// <summary>The metric readings split into series (<see cref="SeriesGrouping.MetricSeries"/>), found once for every reader.</summary>
    public SeriesGrouping MetricSeries => _metricSeries.Value;

    /// <summary>The trace links; waits for them (and rethrows their failure) while they are being built.</summary>
    public TraceLinks Links => _links.GetAwaiter().GetResult();

    /// <summary>The shared features; waits for them (and rethrows their failure) while they are being built.</summary>
    public RecordFeatures Features => _features.GetAwaiter().GetResult();

    /// <summary>The metric series of <paramref name="columns"/>, found on first use by whichever reader comes first.</summary>
    public static Lazy<SeriesGrouping> MetricSeriesOf(TelemetryColumns columns) =>
        new(() => SeriesGrouping.MetricSeries(columns), LazyThreadSafetyMode.ExecutionAndPublication);
}
