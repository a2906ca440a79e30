namespace AnomalyPlatform.RootCause.Llm;

/// <summary>Which explainer writes the root-cause text, and how the OpenAI-compatible one is reached. Bound from the <c>Llm</c> section.</summary>
public sealed class LlmOptions
{
    public const string SectionName = "Llm";

    public const string MockProvider = "mock";
    public const string OpenAiProvider = "openai";

    /// <summary><c>mock</c> (deterministic offline text, the default) or <c>openai</c> (any OpenAI-compatible endpoint).</summary>
    public string Provider { get; set; } = MockProvider;

    /// <summary>The chat model asked for the explanation.</summary>
    public string Model { get; set; } = "gemma2-9b-it";

    /// <summary>Base URL of the OpenAI-compatible API (Groq by default; a local Ollama or vLLM works too).</summary>
    public string BaseUrl { get; set; } = "https://api.groq.com/openai/v1";

    /// <summary>The environment variable holding the API key. The key itself is never logged nor written.</summary>
    public string ApiKeyVariable { get; set; } = "GROQ_API_KEY";

    /// <summary>Timeout of one HTTP attempt, in seconds.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>Retries of one call on 429 and 5xx (the SDK's backoff honours <c>retry-after</c>).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Most LLM calls in one run (one per incident); incidents past the budget get the candidates' text, flagged <c>fallback</c>.</summary>
    public int MaxCalls { get; set; } = 50;

    /// <summary>Upper bound on the answer's length, in tokens.</summary>
    public int MaxOutputTokens { get; set; } = 400;

    public bool IsOpenAi => string.Equals(Provider, OpenAiProvider, StringComparison.OrdinalIgnoreCase);
}
