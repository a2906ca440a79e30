namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>How far one service's behaviour changed in an incident (0..1), and the evidence, in words, for a candidate's list.</summary>
/// <param name="Evidence">Counts, operation and metric names only: never a log line's text, which may carry a user's data.</param>
/// <param name="FaultKind">
/// The fault kind the change itself names, where it names one (calls into or out of the service taking longer in
/// transit: <see cref="Contracts.Telemetry.FaultTypes.LatencyInjection"/>): what a candidate that flagged nothing of
/// its own is called.
/// </param>
/// <param name="Callees">
/// Where the change is a call pattern, the other services the changed requests called (<see cref="CallPatternShift"/>):
/// only a change at one of them, or below one, can explain it; empty when they called none. Null: any service the
/// service's requests reach may.
/// </param>
public readonly record struct BehaviourChange(double Score, string Evidence, string? FaultKind = null, IReadOnlyList<string>? Callees = null);
