namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>How far one service's behaviour changed in an incident (0..1), and the evidence, in words, for a candidate's list.</summary>
/// <param name="Evidence">Counts, operation and metric names only: never a log line's text, which may carry a user's data.</param>
/// <param name="FaultKind">
/// The fault kind the change itself names, where it names one (calls into or out of the service taking longer in
/// transit: <see cref="Contracts.Telemetry.FaultTypes.LatencyInjection"/>): what a candidate that flagged nothing of
/// its own is called.
/// </param>
public readonly record struct BehaviourChange(double Score, string Evidence, string? FaultKind = null);
