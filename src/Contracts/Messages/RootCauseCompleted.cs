namespace AnomalyPlatform.Contracts.Messages;

/// <summary>Sent once by the root-cause service when <c>anomalies.json</c> is written.</summary>
public sealed record RootCauseCompleted(int AnomalyCount, IReadOnlyList<IncidentReport> Incidents, string AnomaliesPath)
    : IntegrationMessage
{
    /// <summary>The run's <c>evaluation.json</c>, when the run had ground truth to evaluate against; null otherwise.</summary>
    public string? EvaluationPath { get; init; }

    public override string MessageId => $"{RunId}/root-cause-completed";
}
