namespace AnomalyPlatform.RootCause.Llm;

/// <summary>The root-cause text of an incident and where it came from.</summary>
/// <param name="Source">One of <see cref="ExplanationSources"/>.</param>
/// <param name="Model">The LLM that wrote <paramref name="Text"/>; null unless <paramref name="Source"/> is <c>llm</c>.</param>
public sealed record RootCauseExplanation(string Text, string Source, string? Model);

/// <summary>Where a root-cause text came from, as written to <c>anomalies.json</c>.</summary>
public static class ExplanationSources
{
    /// <summary>The deterministic offline explainer.</summary>
    public const string Mock = "mock";

    /// <summary>An LLM's validated answer.</summary>
    public const string Llm = "llm";

    /// <summary>The candidates' text, because the LLM failed, answered invalidly, or the call budget was spent.</summary>
    public const string Fallback = "fallback";
}
