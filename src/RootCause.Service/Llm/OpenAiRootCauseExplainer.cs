using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// Asks an OpenAI-compatible chat-completions endpoint (Groq by default; Ollama, vLLM, OpenAI by configuration) for
/// each incident's root-cause text, through the OpenAI .NET SDK. Any failure (network, HTTP status, timeout, invalid
/// or empty answer, spent budget) yields the candidates' text flagged <c>fallback</c>, so no anomaly is ever lost.
/// </summary>
public sealed partial class OpenAiRootCauseExplainer : IRootCauseExplainer
{
    private readonly ChatClient _client;
    private readonly ChatCompletionOptions _completionOptions;
    private readonly LlmOptions _options;
    private readonly ILogger<OpenAiRootCauseExplainer> _logger;
    private readonly ConcurrentDictionary<string, int> _callsByRun = new(StringComparer.Ordinal);

    public OpenAiRootCauseExplainer(IOptions<LlmOptions> options, ILogger<OpenAiRootCauseExplainer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger;
        var key = Environment.GetEnvironmentVariable(_options.ApiKeyVariable);
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException(
                $"Llm:Provider=openai needs an API key in the environment variable {_options.ApiKeyVariable}.");
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(_options.BaseUrl, UriKind.Absolute),
            NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds),
            // The SDK's policy backs off exponentially on 408, 429 and 5xx and honours retry-after.
            RetryPolicy = new ClientRetryPolicy(_options.MaxRetries),
        };
        _client = new ChatClient(_options.Model, new ApiKeyCredential(key), clientOptions);
        _completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
            Temperature = 0f,
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };
    }

    public async Task<RootCauseExplanation> ExplainAsync(IncidentSummary incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var calls = _callsByRun.AddOrUpdate(incident.RunId, 1, static (_, count) => count + 1);
        if (calls > _options.MaxCalls)
        {
            LogBudgetSpent(_logger, incident.IncidentId, _options.MaxCalls);
            return Fallback(incident);
        }

        var prompt = RootCausePromptBuilder.Build(incident);
        ChatMessage[] messages = [new SystemChatMessage(prompt.System), new UserChatMessage(prompt.User)];
        try
        {
            ChatCompletion completion = await _client.CompleteChatAsync(messages, _completionOptions, cancellationToken).ConfigureAwait(false);
            var answer = completion.Content.Count > 0 ? completion.Content[0].Text : null;
            var text = LlmAnswerParser.TryParse(answer, incident);
            if (text is null)
            {
                LogInvalidAnswer(_logger, incident.IncidentId, _options.Model);
                return Fallback(incident);
            }

            return new RootCauseExplanation(text, ExplanationSources.Llm, _options.Model);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (ClientResultException ex)
        {
            LogHttpFailure(_logger, incident.IncidentId, ex.Status);
            return Fallback(incident);
        }
        catch (Exception ex)
        {
            // Deliberately broad: whatever goes wrong with the LLM (timeout, connection, a malformed body the SDK
            // cannot read), the incident still gets its candidates' text. The type is logged, not the message,
            // which could echo the request.
            LogCallFailure(_logger, incident.IncidentId, ex.GetType().Name);
            return Fallback(incident);
        }
    }

    private static RootCauseExplanation Fallback(IncidentSummary incident) =>
        new(CandidateNarrative.Write(incident), ExplanationSources.Fallback, null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM call budget of {MaxCalls} calls per run is spent; incident {IncidentId} gets the candidates' text")]
    private static partial void LogBudgetSpent(ILogger logger, string incidentId, int maxCalls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM {Model} gave an empty or invalid answer for incident {IncidentId}; using the candidates' text")]
    private static partial void LogInvalidAnswer(ILogger logger, string incidentId, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM call for incident {IncidentId} failed with HTTP {Status}; using the candidates' text")]
    private static partial void LogHttpFailure(ILogger logger, string incidentId, int status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM call for incident {IncidentId} failed ({ErrorType}); using the candidates' text")]
    private static partial void LogCallFailure(ILogger logger, string incidentId, string errorType);
}
