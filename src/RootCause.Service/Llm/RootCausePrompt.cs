namespace AnomalyPlatform.RootCause.Llm;

/// <summary>The two messages sent to the LLM for one incident.</summary>
public sealed record RootCausePrompt(string System, string User);
