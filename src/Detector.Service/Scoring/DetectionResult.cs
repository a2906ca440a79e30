using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>The outcome of one detection run, ready to publish.</summary>
/// <param name="Detections">Every record at least one model flagged, in record-id order.</param>
/// <param name="Models">The models that ran, ensemble last.</param>
/// <param name="Timings">
/// Wall time of the feature build, of each model (fit and score; the models run side by side, so these overlap), and
/// of the ensemble.
/// </param>
public sealed record DetectionResult(
    long RecordsScored,
    IReadOnlyList<Detection> Detections,
    IReadOnlyList<string> Models,
    IReadOnlyList<ServiceEdge> Edges,
    IReadOnlyList<ChangeEvent> ChangeEvents,
    IReadOnlyList<StageTiming> Timings)
{
    /// <summary>Every model's (and the ensemble's) score of every record, flagged or not, for the ranking metrics of the evaluation.</summary>
    public Evaluation.RunScores? Scores { get; init; }

    /// <summary>How the reported rows' requests ran inside each service (<see cref="Behaviour.CallPatternSummariser"/>).</summary>
    public IReadOnlyList<CallPatternCount> CallPatterns { get; init; } = [];

    /// <summary>For each pattern in <see cref="CallPatterns"/>, what its requests did in outline.</summary>
    public IReadOnlyList<CallPatternOutline> CallPatternOutlines { get; init; } = [];

    /// <summary>How long the reported rows' calls between services spent outside the callee's span (<see cref="Behaviour.CallTransitSummariser"/>).</summary>
    public IReadOnlyList<CallTransitCount> CallTransits { get; init; } = [];

    /// <summary>How long the reported rows' requests with no span took to pass from one service to another as their log lines tell (<see cref="Behaviour.LogHandoverSummariser"/>).</summary>
    public IReadOnlyList<CallTransitCount> LogHandovers { get; init; } = [];

    /// <summary>The calls the reported rows' requests made between operations of different services.</summary>
    public IReadOnlyList<OperationEdge> OperationEdges { get; init; } = [];

    /// <summary>Per service, the instances of the reported rows.</summary>
    public IReadOnlyList<ServiceInstances> Instances { get; init; } = [];

    /// <summary>The reported log lines per service, template and minute (<see cref="Behaviour.BehaviourSummariser"/>; set by the worker).</summary>
    public IReadOnlyList<BehaviourCount> Behaviour { get; init; } = [];

    /// <summary>The reported metrics' peaks per service, metric and minute (<see cref="Behaviour.MetricPeakSummariser"/>; set by the worker).</summary>
    public IReadOnlyList<MetricPeak> MetricPeaks { get; init; } = [];
}

/// <summary>How long one step of a detection run took.</summary>
public sealed record StageTiming(string Step, TimeSpan Elapsed)
{
    /// <summary>"features 1.9 s, statistical 1.7 s, ...": the steps for a log line.</summary>
    public static string Describe(IEnumerable<StageTiming> timings) =>
        string.Join(", ", timings.Select(timing => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{timing.Step} {timing.Elapsed.TotalSeconds:0.0} s")));
}
