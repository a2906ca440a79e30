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

        if (options.TimeoutSeconds is < 1 or > 600)
        {
            failures.Add("Llm:TimeoutSeconds must be between 1 and 600.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            failures.Add("Llm:MaxRetries must be between 0 and 10.");
        }

        if (options.MaxCalls is < 0 or > 100_000)
        {
            failures.Add("Llm:MaxCalls must be between 0 and 100000.");
        }

        if (options.MaxOutputTokens is < 16 or > 8_192)
        {
            failures.Add("Llm:MaxOutputTokens must be between 16 and 8192.");
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
}
