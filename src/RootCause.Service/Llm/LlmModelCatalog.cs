using System.ClientModel;
using OpenAI;
using OpenAI.Models;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// What the OpenAI-compatible endpoint serves (<c>GET /models</c>), and how to tell an answer that says the configured
/// model is not one of them (unknown, or decommissioned as Groq retires models) from a passing failure.
/// </summary>
public static class LlmModelCatalog
{
    /// <summary>The seed's model families, to suggest from the served models.</summary>
    private static readonly string[] Families = ["llama-3", "llama3", "mixtral", "gemma"];

    private const int MaxReason = 300;

    public static async Task<IReadOnlyList<string>> ServedModelsAsync(LlmOptions options, string apiKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var client = new OpenAIModelClient(new ApiKeyCredential(apiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(options.BaseUrl, UriKind.Absolute),
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        });
        var models = await client.GetModelsAsync(cancellationToken).ConfigureAwait(false);
        return [.. models.Value.Select(model => model.Id).Order(StringComparer.Ordinal)];
    }

    /// <summary>The served models of the Llama 3, Mixtral and Gemma families, the ones to suggest.</summary>
    public static IReadOnlyList<string> OfSeedFamilies(IEnumerable<string> served) =>
        [.. served.Where(id => Families.Any(family => id.Contains(family, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Whether a failed call says the model itself is unavailable: no later call can succeed.</summary>
    public static bool IsModelUnavailable(ClientResultException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var text = failure.Message;
        return failure.Status == 404
               || (failure.Status == 400 && (text.Contains("model_not_found", StringComparison.OrdinalIgnoreCase)
                                             || text.Contains("model_decommissioned", StringComparison.OrdinalIgnoreCase)
                                             || text.Contains("decommissioned", StringComparison.OrdinalIgnoreCase)));
    }

    /// <summary>The endpoint's own words for a failure, on one line and cut short (they never hold the prompt).</summary>
    public static string Reason(ClientResultException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        var text = string.Join(' ', failure.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return text.Length <= MaxReason ? text : text[..MaxReason] + "…";
    }
}
