namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>Root-cause accuracy of a run against the injected incidents.</summary>
/// <param name="Incidents">True (injected) incidents.</param>
/// <param name="Detected">True incidents matched to a detected incident (one holding at least one of their records).</param>
/// <param name="AcAt1">Fraction of all true incidents whose root-cause service is the matched incident's first candidate.</param>
/// <param name="AcAt3">Fraction of all true incidents whose root-cause service is among the matched incident's first three candidates.</param>
public sealed record RootCauseEvaluation(int Incidents, int Detected, double AcAt1, double AcAt3);
