using System.Globalization;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>Checks <see cref="LlmOptions"/> at start, so that a missing key or a bad URL fails the run before any work.</summary>
internal sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        if (!string.Equals(options.Provider, LlmOptions.MockProvider, StringComparison.OrdinalIgnoreCase) && !options.IsOpenAi)
        {
            failures.Add($"Llm:Provider must be '{LlmOptions.MockProvider}' or '{LlmOptions.OpenAiProvider}' (was '{options.Provider}').");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add("Llm:Model must name a chat model.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var baseUrl)
            || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"Llm:BaseUrl must be an absolute http(s) URL such as https://api.groq.com/openai/v1 (was '{options.BaseUrl}').");
        }

        Range(failures, "TimeoutSeconds", options.TimeoutSeconds, 1, 600);
        Range(failures, "MaxRetries", options.MaxRetries, 0, 10);
        Range(failures, "RetryBaseDelayMilliseconds", options.RetryBaseDelayMilliseconds, 0, 60_000);
        Range(failures, "MaxRetryDelaySeconds", options.MaxRetryDelaySeconds, 1, 600);
        Range(failures, "RequestsPerMinute", options.RequestsPerMinute, 0, 10_000);
        Range(failures, "TokensPerMinute", options.TokensPerMinute, 0, 10_000_000);
        Range(failures, "MaxConcurrency", options.MaxConcurrency, 1, 64);
        Range(failures, "MaxCalls", options.MaxCalls, 0, 100_000);
        Range(failures, "MaxConsecutiveFailures", options.MaxConsecutiveFailures, 1, 1_000);
        Range(failures, "CircuitBreakSeconds", options.CircuitBreakSeconds, 1, 3_600);
        Range(failures, "CacheCapacity", options.CacheCapacity, 0, 100_000);
        Range(failures, "MaxOutputTokens", options.MaxOutputTokens, 16, 8_192);
        if (options.TokensPerMinute > 0 && options.TokensPerMinute < options.MaxOutputTokens)
        {
            failures.Add($"Llm:TokensPerMinute ({options.TokensPerMinute}) must be 0 (no limit) or at least Llm:MaxOutputTokens ({options.MaxOutputTokens}), or no call could ever start.");
        }

        if (options.IsOpenAi)
        {
            if (string.IsNullOrWhiteSpace(options.ApiKeyVariable))
            {
                failures.Add("Llm:ApiKeyVariable must name the environment variable that holds the API key.");
            }
            else if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(options.ApiKeyVariable)))
            {
                failures.Add($"Llm:Provider=openai needs an API key in the environment variable {options.ApiKeyVariable}; " +
                             $"set {options.ApiKeyVariable}, or use Llm:Provider=mock (--llm mock).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string setting, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"Llm:{setting} must be between {min} and {max} (was {value})."));
        }
    }
}
