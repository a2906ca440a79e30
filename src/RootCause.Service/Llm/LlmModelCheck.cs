using System.ClientModel;
using AnomalyPlatform.RootCause.Llm.Resilience;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// With <c>Llm:Provider=openai</c>, asks the endpoint once at start which models it serves. A configured model it does
/// not serve (a typo, or one the provider retired) would send every explanation to the fallback, so the start fails
/// with one message naming <c>Llm:Model</c> and the served models of the seed's families. An endpoint that cannot be
/// asked (down, or without <c>/models</c>) is only warned about: the calls have their own retries and fallback, and
/// one that refuses the connection or whose name does not resolve opens the <see cref="LlmEndpointCircuit"/>, so the
/// explanations fall back at once instead of each spending its retries first.
/// </summary>
public sealed partial class LlmModelCheck(IOptions<LlmOptions> options, LlmEndpointCircuit circuit, ILogger<LlmModelCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var llm = options.Value;
        if (!llm.IsOpenAi || Environment.GetEnvironmentVariable(llm.ApiKeyVariable) is not { Length: > 0 } key)
        {
            return;
        }

        IReadOnlyList<string> served;
        try
        {
            served = await LlmModelCatalog.ServedModelsAsync(llm, key, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (CannotAsk(ex) && !cancellationToken.IsCancellationRequested)
        {
            LogCannotList(logger, llm.BaseUrl, ex is AggregateException { InnerException: { } first } ? first.Message : ex.Message);
            if (ConnectionFailure.IsUnreachable(ex, out var reason))
            {
                circuit.RecordUnreachable(reason);
            }

            return;
        }

        if (served.Contains(llm.Model, StringComparer.Ordinal))
        {
            return;
        }

        var suggestions = LlmModelCatalog.OfSeedFamilies(served);
        throw new OptionsValidationException(LlmOptions.SectionName, typeof(LlmOptions),
        [
            $"Llm:Model (--llm-model) '{llm.Model}' is not served by {llm.BaseUrl}; " +
            (suggestions.Count > 0
                ? $"served models of the Llama 3, Mixtral and Gemma families: {string.Join(", ", suggestions)}."
                : $"it serves: {string.Join(", ", served.Take(20))}."),
        ]);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// The endpoint did not answer the question (refused, timed out, an HTTP error), including the client's retries
    /// giving up, which it reports as an <see cref="AggregateException"/> of the tries ("Retry failed after 4 tries").
    /// </summary>
    private static bool CannotAsk(Exception exception) => exception switch
    {
        ClientResultException or HttpRequestException or TaskCanceledException => true,
        AggregateException tries => tries.InnerExceptions.All(CannotAsk),
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not list the models of {BaseUrl} ({Reason}); the configured model is not checked")]
    private static partial void LogCannotList(ILogger logger, string baseUrl, string reason);
}
