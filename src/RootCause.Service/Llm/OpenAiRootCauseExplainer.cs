using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using AnomalyPlatform.RootCause.Llm.Resilience;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using Polly.CircuitBreaker;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// Asks an OpenAI-compatible chat-completions endpoint (Groq by default; Ollama, vLLM, OpenAI by configuration) for
/// each incident's root-cause text, through the OpenAI .NET SDK wrapped in a Polly pipeline (<see cref="LlmCallPipeline"/>:
/// timeouts, retries honouring <c>retry-after</c>) under a concurrency cap and per-minute rate limits
/// (<see cref="LlmCallThrottle"/>), with identical prompts asked once (<see cref="PromptCache"/>), a per-run call
/// budget (<see cref="LlmRunBudget"/>) and the process's <see cref="LlmEndpointCircuit"/>, which skips calls to an
/// endpoint found unreachable. Any failure (network, HTTP status, timeout, invalid or empty answer, spent budget, an
/// endpoint given up on or unreachable) yields the candidates' text flagged <c>fallback</c>, so no anomaly is ever lost.
/// </summary>
public sealed partial class OpenAiRootCauseExplainer : IRootCauseExplainer, IDisposable
{
    private readonly ChatClient _client;
    private readonly ChatCompletionOptions _completionOptions;
    private readonly LlmOptions _options;
    private readonly ILogger<OpenAiRootCauseExplainer> _logger;
    private readonly LlmCallThrottle _throttle;
    private readonly LlmCallPipeline _pipeline;
    private readonly PromptCache _cache;
    private readonly LlmRunBudget _budget;
    private readonly LlmEndpointCircuit _circuit;
    private readonly HttpClient? _httpClient;

    public OpenAiRootCauseExplainer(IOptions<LlmOptions> options, LlmEndpointCircuit circuit, ILogger<OpenAiRootCauseExplainer> logger)
        : this(options, circuit, logger, TimeProvider.System, null, null)
    {
    }

    /// <param name="onRetry">Also told of every scheduled retry; tests use it to see the delays chosen.</param>
    /// <param name="handler">Sends the HTTP requests instead of the SDK's shared client; tests use it to count connections.</param>
    internal OpenAiRootCauseExplainer(
        IOptions<LlmOptions> options, LlmEndpointCircuit circuit, ILogger<OpenAiRootCauseExplainer> logger, TimeProvider time,
        Action<LlmRetry>? onRetry, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(circuit);
        _options = options.Value;
        _circuit = circuit;
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
            // The Polly pipeline owns retries and attempt timeouts; the SDK's own would multiply them.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(_options.TimeoutSeconds + 5),
        };
        if (handler is not null)
        {
            _httpClient = new HttpClient(handler, disposeHandler: false);
            clientOptions.Transport = new HttpClientPipelineTransport(_httpClient);
        }

        _client = new ChatClient(_options.Model, new ApiKeyCredential(key), clientOptions);
        _completionOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(),
            Temperature = 0f,
            MaxOutputTokenCount = _options.MaxOutputTokens,
        };
        _throttle = new LlmCallThrottle(_options);
        _pipeline = new LlmCallPipeline(_options, _throttle, _circuit, time, retry =>
        {
            LogRetry(_logger, retry.Status ?? 0, retry.Delay.TotalMilliseconds, retry.ServerAsked);
            onRetry?.Invoke(retry);
        });
        _cache = new PromptCache(_options.CacheCapacity);
        _budget = new LlmRunBudget(_options.MaxCalls, _options.MaxConsecutiveFailures);
    }

    public async Task<RootCauseExplanation> ExplainAsync(IncidentSummary incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var prompt = RootCausePromptBuilder.Build(incident);
        var cacheKey = string.Concat(_options.Model, "\n", prompt.System, "\n", prompt.User);

        // Everything up to the first await runs on the caller's thread, so the budget is reserved in the order the
        // incidents are handed over.
        var answer = _cache.GetOrStart(cacheKey, () => StartCall(incident, prompt, cancellationToken), out var started);
        if (!started)
        {
            LogCacheHit(_logger, incident.IncidentId);
        }

        var text = await answer.ConfigureAwait(false);
        return text is null
            ? new RootCauseExplanation(CandidateNarrative.Write(incident), ExplanationSources.Fallback, null)
            : new RootCauseExplanation(text, ExplanationSources.Llm, _options.Model);
    }

    public void Dispose()
    {
        _throttle.Dispose();
        _httpClient?.Dispose();
    }

    private Task<string?> StartCall(IncidentSummary incident, RootCausePrompt prompt, CancellationToken cancellationToken)
    {
        if (!_circuit.AllowsCalls)
        {
            // The circuit warned once when it opened; each incident it skips is only a debug line.
            LogCircuitOpen(_logger, incident.IncidentId);
            PipelineTelemetry.LlmCallEnded(null, LlmOutcomes.Fallback, null, 0, 0, null);
            return Task.FromResult<string?>(null);
        }

        if (_budget.IsGivenUp(incident.RunId))
        {
            LogGivenUp(_logger, incident.IncidentId, _options.MaxConsecutiveFailures);
            PipelineTelemetry.LlmCallEnded(null, LlmOutcomes.Fallback, null, 0, 0, null);
            return Task.FromResult<string?>(null);
        }

        if (!_budget.TryReserveCall(incident.RunId))
        {
            LogBudgetSpent(_logger, incident.IncidentId, _options.MaxCalls);
            PipelineTelemetry.LlmCallEnded(null, LlmOutcomes.Fallback, null, 0, 0, null);
            return Task.FromResult<string?>(null);
        }

        return CallAsync(incident, prompt, cancellationToken);
    }

    private async Task<string?> CallAsync(IncidentSummary incident, RootCausePrompt prompt, CancellationToken cancellationToken)
    {
        using var slot = await _throttle.EnterAsync(cancellationToken).ConfigureAwait(false);
        if (_budget.IsGivenUp(incident.RunId))
        {
            // Other calls failed while this one queued for a slot.
            LogGivenUp(_logger, incident.IncidentId, _options.MaxConsecutiveFailures);
            PipelineTelemetry.LlmCallEnded(null, LlmOutcomes.Fallback, null, 0, 0, null);
            return null;
        }

        if (!_circuit.AllowsCalls)
        {
            // Another call found the endpoint unreachable while this one queued for a slot.
            LogCircuitOpen(_logger, incident.IncidentId);
            PipelineTelemetry.LlmCallEnded(null, LlmOutcomes.Fallback, null, 0, 0, null);
            return null;
        }

        using var activity = PipelineTelemetry.StartLlmCall(incident.RunId, incident.IncidentId, _options.Model);
        var started = Stopwatch.GetTimestamp();

        ChatMessage[] messages = [new SystemChatMessage(prompt.System), new UserChatMessage(prompt.User)];
        // About four characters per token for English text; the answer's tokens count against the limit too.
        var estimatedTokens = (prompt.System.Length + prompt.User.Length) / 4 + _options.MaxOutputTokens;
        try
        {
            ChatCompletion completion = await _pipeline.ExecuteAsync(
                async token => (ChatCompletion)await _client.CompleteChatAsync(messages, _completionOptions, token).ConfigureAwait(false),
                estimatedTokens,
                cancellationToken).ConfigureAwait(false);
            _budget.RecordSuccess(incident.RunId);
            var answer = completion.Content.Count > 0 ? completion.Content[0].Text : null;
            var text = LlmAnswerParser.TryParse(answer, incident);
            if (text is null)
            {
                LogInvalidAnswer(_logger, incident.IncidentId, _options.Model);
            }

            PipelineTelemetry.LlmCallEnded(activity, text is null ? LlmOutcomes.Fallback : LlmOutcomes.Ok, Stopwatch.GetElapsedTime(started),
                completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0, null);
            return text;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (BrokenCircuitException)
        {
            // The circuit refused an attempt: another call found the endpoint unreachable after this one started, or
            // is the trial. Not counted towards the run giving up: the circuit decides when the endpoint is tried again.
            LogCircuitOpen(_logger, incident.IncidentId);
            PipelineTelemetry.LlmCallEnded(activity, LlmOutcomes.Fallback, Stopwatch.GetElapsedTime(started), 0, 0, null);
            return null;
        }
        catch (ClientResultException ex) when (ex.Status > 0 && LlmModelCatalog.IsModelUnavailable(ex))
        {
            // Every later call would get the same answer: the run stops calling, and the endpoint's reason is told once.
            _budget.GiveUp(incident.RunId);
            LogModelUnavailable(_logger, _options.Model, ex.Status, LlmModelCatalog.Reason(ex));
            activity?.SetTag("http.response.status_code", ex.Status);
            PipelineTelemetry.LlmCallEnded(activity, LlmOutcomes.Failed, Stopwatch.GetElapsedTime(started), 0, 0, ex);
            return null;
        }
        catch (ClientResultException ex) when (ex.Status > 0)
        {
            _budget.RecordFailure(incident.RunId);
            LogHttpFailure(_logger, incident.IncidentId, ex.Status, LlmModelCatalog.Reason(ex));
            activity?.SetTag("http.response.status_code", ex.Status);
            PipelineTelemetry.LlmCallEnded(activity, LlmOutcomes.Failed, Stopwatch.GetElapsedTime(started), 0, 0, ex);
            return null;
        }
        catch (Exception ex)
        {
            // Deliberately broad: whatever goes wrong with the LLM (timeout, connection, a malformed body the SDK
            // cannot read), the incident still gets its candidates' text. The type is logged, not the message,
            // which could echo the request (the span records the type too, for the same reason).
            _budget.RecordFailure(incident.RunId);
            LogCallFailure(_logger, incident.IncidentId, ex.GetType().Name);
            PipelineTelemetry.LlmCallEnded(activity, LlmOutcomes.Failed, Stopwatch.GetElapsedTime(started), 0, 0, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM call budget of {MaxCalls} calls per run is spent; incident {IncidentId} gets the candidates' text")]
    private static partial void LogBudgetSpent(ILogger logger, string incidentId, int maxCalls);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM endpoint failed {Failures} calls in a row this run; incident {IncidentId} gets the candidates' text without a call")]
    private static partial void LogGivenUp(ILogger logger, string incidentId, int failures);

    [LoggerMessage(Level = LogLevel.Debug, Message = "LLM endpoint is unreachable; incident {IncidentId} gets the candidates' text without a call")]
    private static partial void LogCircuitOpen(ILogger logger, string incidentId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Incident {IncidentId} has the prompt of an earlier incident; its answer is reused")]
    private static partial void LogCacheHit(ILogger logger, string incidentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM attempt failed (HTTP {Status}); retrying in {DelayMs} ms (server asked: {ServerAsked})")]
    private static partial void LogRetry(ILogger logger, int status, double delayMs, bool serverAsked);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM {Model} gave an empty or invalid answer for incident {IncidentId}; using the candidates' text")]
    private static partial void LogInvalidAnswer(ILogger logger, string incidentId, string model);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM call for incident {IncidentId} failed with HTTP {Status} ({Reason}); using the candidates' text")]
    private static partial void LogHttpFailure(ILogger logger, string incidentId, int status, string reason);

    [LoggerMessage(Level = LogLevel.Error,
        Message = "LLM model {Model} is not served by the endpoint (HTTP {Status}: {Reason}); this run makes no more LLM calls and uses the candidates' text. Set Llm:Model (--llm-model) to a served model")]
    private static partial void LogModelUnavailable(ILogger logger, string model, int status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM call for incident {IncidentId} failed ({ErrorType}); using the candidates' text")]
    private static partial void LogCallFailure(ILogger logger, string incidentId, string errorType);
}
