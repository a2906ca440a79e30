using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// What <c>report.html</c> shows that no file of the run folder holds: the call graph the detectors saw in the spans,
/// each model's precision-recall curve (evaluation.json keeps only its area) and what was found about the data itself.
/// </summary>
public sealed record ReportExtras(IReadOnlyList<ServiceEdge> Edges, IReadOnlyDictionary<string, IReadOnlyList<PrPoint>> Curves)
{
    /// <summary>
    /// What the reader should know about the data before the results: telemetry that looks sampled, logs not collected
    /// for some minutes, series read as counters. Plain sentences, said on the console too.
    /// </summary>
    public IReadOnlyList<string> DataNotes { get; init; } = [];

    /// <summary>For a report written from the files alone: the call graph and the curves are said to be missing.</summary>
    public static ReportExtras None { get; } = new([], new Dictionary<string, IReadOnlyList<PrPoint>>());
}
