namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// Sent once by the generator when a run's data set is completely written (<c>synthetic_data.csv</c>,
/// <c>synthetic_labels.csv</c>, <c>incidents.json</c> in the run's folder), or when generation failed: the evaluation
/// reads the labels only after this, since the last segment leaves before the files are closed.
/// </summary>
/// <param name="Records">Records generated.</param>
/// <param name="Incidents">Injected incidents.</param>
/// <param name="WallSeconds">Time the generator spent on the run.</param>
/// <param name="PeakWorkingSetMb">
/// The generator process's highest working set while it generated this run (sampled; not the process's lifetime peak).
/// </param>
/// <param name="Error">Why generation failed; null when it succeeded.</param>
public sealed record RunGenerated(long Records, int Incidents, double WallSeconds, double PeakWorkingSetMb, string? Error) : IntegrationMessage
{
    public bool Succeeded => Error is null;

    /// <summary>The generator process's highest managed heap while it generated this run; null from a sender that did not measure it.</summary>
    public double? PeakManagedHeapMb { get; init; }

    /// <summary>Of <see cref="WallSeconds"/>, the time spent generating rather than waiting for a detector to take a segment; null when not measured.</summary>
    public double? BusySeconds { get; init; }

    public override string MessageId => $"{RunId}/run-generated";
}
