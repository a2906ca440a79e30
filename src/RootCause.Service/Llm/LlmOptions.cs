namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// Which explainer writes the root-cause text, and how the OpenAI-compatible one is reached and kept within limits.
/// Bound from the <c>Llm</c> section. The defaults suit Groq's free tier (about 30 requests and 6,000-15,000 tokens per
/// minute per model, depending on the model): a run never sends more than <see cref="MaxCalls"/> requests, paced below
/// those limits, and backs off when Groq answers 429 anyway.
/// </summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public const string MockProvider = "mock";
    public const string OpenAiProvider = "openai";

    /// <summary><c>mock</c> (deterministic offline text, the default) or <c>openai</c> (any OpenAI-compatible endpoint).</summary>
    public string Provider { get; set; } = MockProvider;

    /// <summary>The chat model asked for the explanation.</summary>
    public string Model { get; set; } = "llama-3.1-8b-instant";

    /// <summary>Base URL of the OpenAI-compatible API (Groq by default; a local Ollama or vLLM works too).</summary>
    public string BaseUrl { get; set; } = "https://api.groq.com/openai/v1";

    /// <summary>The environment variable holding the API key. The key itself is never logged nor written.</summary>
    public string ApiKeyVariable { get; set; } = "GROQ_API_KEY";

    /// <summary>
    /// Timeout of one HTTP attempt, in seconds (1..600, default 20). Groq answers a short prompt in about a second; a
    /// local model on a CPU may need a minute or more.
    /// </summary>
    public int TimeoutSeconds { get; set; } = 20;

    /// <summary>
    /// Retries of one call on 408, 429, 5xx, timeouts and dropped connections (0..10, default 3). A connection the
    /// endpoint refuses, or a host name that does not resolve, is not retried: it opens the circuit instead
    /// (<see cref="CircuitBreakSeconds"/>).
    /// </summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>
    /// Median delay before the first retry, in milliseconds (0..60000, default 1000); it doubles with each retry, with
    /// jitter, unless the server says how long to wait (<c>retry-after-ms</c> or <c>retry-after</c>), which wins.
    /// </summary>
    public int RetryBaseDelayMilliseconds { get; set; } = 1_000;

    /// <summary>
    /// Longest wait before a retry, in seconds (1..600, default 60). A server asking for a longer <c>retry-after</c> is
    /// not retried (its quota will not come back within a run), so the incident falls back at once.
    /// </summary>
    public int MaxRetryDelaySeconds { get; set; } = 60;

    /// <summary>Requests started per minute, retries included (0 = no limit, up to 10000; default 25, under Groq's free 30 RPM).</summary>
    public int RequestsPerMinute { get; set; } = 25;

    /// <summary>
    /// Estimated tokens (prompt characters / 4 + <see cref="MaxOutputTokens"/>) per minute (0 = no limit, up to
    /// 10,000,000; default 12,000, under the free tier of gemma2-9b-it and llama-3.3-70b-versatile; use 5,000 for
    /// llama-3.1-8b-instant).
    /// </summary>
    public int TokensPerMinute { get; set; } = 12_000;

    /// <summary>Calls in flight at once (1..64, default 2): a free tier gains nothing from more, and 429s cost retries.</summary>
    public int MaxConcurrency { get; set; } = 2;

    /// <summary>
    /// Most LLM requests in one run (0..100000, default 50), counted per distinct prompt (one per incident, never per
    /// record; a cached prompt costs nothing); incidents past the budget get the candidates' text, flagged <c>fallback</c>.
    /// </summary>
    public int MaxCalls { get; set; } = 50;

    /// <summary>
    /// After this many calls in a row failed (retries spent) in one run, the rest of the run falls back without calling
    /// (1..1000, default 3), so an unreachable endpoint costs seconds, not minutes per incident.
    /// </summary>
    public int MaxConsecutiveFailures { get; set; } = 3;

    /// <summary>
    /// Once the endpoint is found unreachable (connection refused, host name not resolved), by the start check or by a
    /// call, explanations fall back at once without calling it for this many seconds; then one call tries it again, and
    /// any answer from the endpoint lets every call through again (1..3600, default 30). Shared by every run of the
    /// process, since whether the endpoint can be reached does not depend on the run.
    /// </summary>
    public int CircuitBreakSeconds { get; set; } = 30;

    /// <summary>Validated answers kept by prompt text (0 = no cache, up to 100000; default 1000); an identical prompt is asked once.</summary>
    public int CacheCapacity { get; set; } = 1_000;

    /// <summary>Upper bound on the answer's length, in tokens (16..8192, default 400).</summary>
    public int MaxOutputTokens { get; set; } = 400;

    public bool IsOpenAi => string.Equals(Provider, OpenAiProvider, StringComparison.OrdinalIgnoreCase);
}
