using System.ClientModel;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>
/// The Polly resilience pipeline around one LLM call: retries with exponential backoff and jitter on 408, 429, 5xx,
/// attempt timeouts and dropped connections, waiting what the server asks for in <c>retry-after-ms</c> /
/// <c>retry-after</c> when it says; every attempt first waits for the <see cref="LlmCallThrottle"/>'s rate limits, then
/// runs under its own timeout (so time spent queued for a rate limit never counts against the attempt). Every attempt
/// asks the <see cref="LlmEndpointCircuit"/> first and tells it what became of it: an endpoint that refuses the
/// connection (or whose name does not resolve) opens the circuit and is not retried, and while the circuit is open the
/// call fails at once with a <see cref="BrokenCircuitException"/>.
/// </summary>
internal sealed class LlmCallPipeline
{
    private readonly ResiliencePipeline _retry;
    private readonly ResiliencePipeline _attempt;
    private readonly LlmCallThrottle _throttle;
    private readonly LlmEndpointCircuit _circuit;
    private readonly TimeProvider _time;
    private readonly TimeSpan _maxDelay;

    /// <param name="onRetry">Told of every scheduled retry (for logs and tests).</param>
    public LlmCallPipeline(LlmOptions options, LlmCallThrottle throttle, LlmEndpointCircuit circuit, TimeProvider time, Action<LlmRetry> onRetry)
    {
        ArgumentNullException.ThrowIfNull(options);
        _throttle = throttle;
        _circuit = circuit;
        _time = time;
        _maxDelay = TimeSpan.FromSeconds(options.MaxRetryDelaySeconds);
        _attempt = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(TimeSpan.FromSeconds(options.TimeoutSeconds))
            .Build();

        var retry = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            retry.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(options.RetryBaseDelayMilliseconds),
                MaxDelay = _maxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.CancellationToken.IsCancellationRequested && IsRetryable(args.Outcome.Exception)),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    var exception = args.Outcome.Exception;
                    onRetry(new LlmRetry(args.AttemptNumber, StatusOf(exception), args.RetryDelay, ServerDelay(exception) is not null));
                    return ValueTask.CompletedTask;
                },
            });
        }

        _retry = retry.Build();
    }

    /// <summary>
    /// Runs <paramref name="call"/> with retries, rate limits and attempt timeouts through the circuit; throws the last
    /// failure, or a <see cref="BrokenCircuitException"/> when the circuit refuses an attempt.
    /// </summary>
    /// <param name="estimatedTokens">What one attempt costs against the tokens-per-minute limit.</param>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, int estimatedTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await _retry.ExecuteAsync(
            async token =>
            {
                // Asked before queueing for the rate limits too: a call the circuit will refuse must not wait up to a
                // minute for tokens first.
                if (!_circuit.AllowsCalls)
                {
                    throw _circuit.Rejection();
                }

                await _throttle.WaitForRateAsync(estimatedTokens, token).ConfigureAwait(false);
                return await AttemptAsync(call, token).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<T> AttemptAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (!_circuit.TryBeginAttempt(out var isTrial))
        {
            throw _circuit.Rejection();
        }

        try
        {
            var result = await _attempt.ExecuteAsync(async attemptToken => await call(attemptToken).ConfigureAwait(false), cancellationToken)
                .ConfigureAwait(false);
            _circuit.RecordAnswered();
            return result;
        }
        catch (ClientResultException ex) when (ex.Status > 0)
        {
            _circuit.RecordAnswered();
            throw;
        }
        catch (Exception ex) when (ConnectionFailure.IsUnreachable(ex, out var reason))
        {
            _circuit.RecordUnreachable(reason);
            throw;
        }
        catch (Exception)
        {
            _circuit.RecordInconclusive(isTrial);
            throw;
        }
    }

    private bool IsRetryable(Exception? exception) => exception switch
    {
        // A refused connection has opened the circuit: a retry after a backoff would only be refused by it.
        { } failure when ConnectionFailure.IsUnreachable(failure, out _) => false,
        BrokenCircuitException => false,
        // Status 0: the SDK's transport failed before any response (a connection reset; a refused one is handled above).
        ClientResultException { Status: 0 or 408 or 429 or >= 500 } result => !AsksTooLong(result),
        TimeoutRejectedException or HttpRequestException or TimeoutException => true,
        // The SDK's own network timeout surfaces as a cancellation the caller did not ask for.
        OperationCanceledException => true,
        _ => false,
    };

    // A quota that comes back only after the longest wait we accept will not come back within this run: give up now.
    private bool AsksTooLong(ClientResultException exception) => ServerDelay(exception) is { } delay && delay > _maxDelay;

    private TimeSpan? ServerDelay(Exception? exception)
    {
        if (exception is not ClientResultException result || result.GetRawResponse() is not { } response)
        {
            return null;
        }

        response.Headers.TryGetValue(RetryAfter.MillisecondsHeader, out var milliseconds);
        response.Headers.TryGetValue(RetryAfter.Header, out var seconds);
        return RetryAfter.Parse(milliseconds, seconds, _time.GetUtcNow());
    }

    private static int? StatusOf(Exception? exception) =>
        exception is ClientResultException { Status: > 0 } result ? result.Status : null;
}
