using AnomalyPlatform.RootCause.Llm;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>The explainer's options for tests against a local endpoint: no retries, short delays, no rate limits.</summary>
internal static class TestLlmOptions
{
    public static LlmOptions Local(string baseUrl, string keyVariable) => new()
    {
        Provider = LlmOptions.OpenAiProvider,
        Model = "test-model",
        BaseUrl = baseUrl,
        ApiKeyVariable = keyVariable,
        TimeoutSeconds = 10,
        MaxRetries = 0,
        RetryBaseDelayMilliseconds = 10,
        RequestsPerMinute = 0,
        TokensPerMinute = 0,
    };
}
