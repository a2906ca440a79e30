namespace AnomalyPlatform.Contracts.Messages;

/// <summary>Sent once by the root-cause service when <c>anomalies.json</c> is written.</summary>
public sealed record RootCauseCompleted(int AnomalyCount, IReadOnlyList<IncidentReport> Incidents, string AnomaliesPath)
    : IntegrationMessage
{
    public override string MessageId => $"{RunId}/root-cause-completed";
}
