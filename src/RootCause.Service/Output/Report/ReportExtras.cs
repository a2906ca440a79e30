using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// What <c>report.html</c> shows that no file of the run folder holds: the call graph the detectors saw in the spans
/// and each model's precision-recall curve (evaluation.json keeps only its area).
/// </summary>
public sealed record ReportExtras(IReadOnlyList<ServiceEdge> Edges, IReadOnlyDictionary<string, IReadOnlyList<PrPoint>> Curves)
{
    /// <summary>For a report written from the files alone: the call graph and the curves are said to be missing.</summary>
    public static ReportExtras None { get; } = new([], new Dictionary<string, IReadOnlyList<PrPoint>>());
}
