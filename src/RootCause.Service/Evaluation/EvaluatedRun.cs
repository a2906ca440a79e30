namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>A run's evaluation: where <c>evaluation.json</c> went, what it says, and each model's precision-recall curve (which only the report shows).</summary>
public sealed record EvaluatedRun(string Path, EvaluationReport Report, IReadOnlyDictionary<string, IReadOnlyList<PrPoint>> Curves);
