namespace AnomalyPlatform.RootCause.Llm;

/// <summary>Writes the root-cause text of one incident. Called once per incident, never per record.</summary>
public interface IRootCauseExplainer
{
    /// <summary>Explains <paramref name="incident"/>. Never throws for a failed explanation: it falls back to the candidates' text.</summary>
    Task<RootCauseExplanation> ExplainAsync(IncidentSummary incident, CancellationToken cancellationToken);
}
