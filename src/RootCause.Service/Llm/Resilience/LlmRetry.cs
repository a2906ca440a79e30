namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>A retry the pipeline scheduled: which attempt failed, with what HTTP status, and how long it waits before the next.</summary>
/// <param name="Attempt">0 for the first attempt that failed, 1 for the first retry, ...</param>
/// <param name="Status">The HTTP status of the failed attempt; null for a timeout or a connection failure.</param>
/// <param name="ServerAsked">True when <paramref name="Delay"/> came from the server's <c>retry-after</c> headers, false for backoff.</param>
public sealed record LlmRetry(int Attempt, int? Status, TimeSpan Delay, bool ServerAsked);
