namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>The outcomes of <c>anomaly.llm.calls</c>.</summary>
public static class LlmOutcomes
{
    /// <summary>The LLM answered and its answer is the incident's text.</summary>
    public const string Ok = "ok";

    /// <summary>The call failed (HTTP status, timeout, connection); the incident gets the candidates' text.</summary>
    public const string Failed = "failed";

    /// <summary>The answer was unusable, or no call was made (budget spent, endpoint given up on); the candidates' text is used.</summary>
    public const string Fallback = "fallback";
}
