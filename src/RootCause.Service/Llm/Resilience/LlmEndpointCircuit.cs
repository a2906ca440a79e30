using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;

namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>
/// Whether the LLM endpoint is worth calling, one per process, shared by the start check (<see cref="LlmModelCheck"/>)
/// and every call of the explainer: once the endpoint is found unreachable the circuit opens and explanations fall back
/// at once for <see cref="LlmOptions.CircuitBreakSeconds"/>; then one attempt (the trial) may try again, and any answer
/// from the endpoint, even an error status, closes the circuit.
/// </summary>
/// <remarks>
/// Not Polly's circuit breaker: that one opens only after at least two failed executions through its own pipeline,
/// and its manual isolation has no break after which it tries again, while here a single refused connection, or the
/// start check's one probe made outside the pipeline, is already enough to know.
/// </remarks>
public sealed partial class LlmEndpointCircuit
{
    private enum State
    {
        Closed,
        Open,
        Trial,
    }

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly ILogger<LlmEndpointCircuit> _logger;
    private readonly TimeSpan _break;
    private readonly string _baseUrl;
    private State _state = State.Closed;
    private DateTimeOffset _trialAt;

    public LlmEndpointCircuit(IOptions<LlmOptions> options, TimeProvider time, ILogger<LlmEndpointCircuit> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _logger = logger;
        _break = TimeSpan.FromSeconds(options.Value.CircuitBreakSeconds);
        _baseUrl = options.Value.BaseUrl;
    }

    /// <summary>
    /// False while explanations should fall back without calling: the circuit is open and its break has not passed, or
    /// another attempt is the trial.
    /// </summary>
    public bool AllowsCalls
    {
        get
        {
            lock (_gate)
            {
                return _state == State.Closed || (_state == State.Open && _time.GetUtcNow() >= _trialAt);
            }
        }
    }

    /// <summary>
    /// Claims one attempt: every attempt while closed; once the break has passed, exactly one, the trial
    /// (<paramref name="isTrial"/>), until its outcome is recorded. Each claimed attempt's outcome must be recorded.
    /// </summary>
    public bool TryBeginAttempt(out bool isTrial)
    {
        lock (_gate)
        {
            isTrial = false;
            switch (_state)
            {
                case State.Closed:
                    return true;
                case State.Open when _time.GetUtcNow() >= _trialAt:
                    _state = State.Trial;
                    isTrial = true;
                    return true;
                default:
                    return false;
            }
        }
    }

    /// <summary>What a refused attempt throws; the retries do not retry it.</summary>
    public BrokenCircuitException Rejection()
    {
        TimeSpan wait;
        lock (_gate)
        {
            wait = _trialAt - _time.GetUtcNow();
        }

        return new BrokenCircuitException(
            $"The LLM endpoint {_baseUrl} was found unreachable; explanations fall back without calling it until the break has passed.",
            wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
    }

    /// <summary>The endpoint answered (any HTTP status): it can be reached, so every call may try it.</summary>
    public void RecordAnswered()
    {
        bool wasOpen;
        lock (_gate)
        {
            wasOpen = _state != State.Closed;
            _state = State.Closed;
        }

        if (wasOpen)
        {
            LogReachableAgain(_logger, _baseUrl);
        }
    }

    /// <summary>
    /// The endpoint could not be reached: the circuit opens for the break, or opens again after a failed trial. Only the
    /// opening after the endpoint was last reachable is warned about, so an outage is told once, not every break.
    /// </summary>
    public void RecordUnreachable(string reason)
    {
        bool wasClosed;
        lock (_gate)
        {
            wasClosed = _state == State.Closed;
            _state = State.Open;
            _trialAt = _time.GetUtcNow() + _break;
        }

        if (wasClosed)
        {
            LogOpened(_logger, _baseUrl, reason, _break.TotalSeconds);
        }
        else
        {
            LogStillUnreachable(_logger, _baseUrl, reason, _break.TotalSeconds);
        }
    }

    /// <summary>
    /// An attempt ended without telling whether the endpoint can be reached (a timeout, a cancelled run). A trial that
    /// ends so hands the trial to the next attempt; any other attempt leaves the circuit as it is.
    /// </summary>
    public void RecordInconclusive(bool wasTrial)
    {
        lock (_gate)
        {
            if (wasTrial && _state == State.Trial)
            {
                _state = State.Open;
                _trialAt = _time.GetUtcNow();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "LLM endpoint {BaseUrl} is unreachable ({Reason}); explanations fall back to the candidates' text without calling it, trying it again every {BreakSeconds} s (Llm:CircuitBreakSeconds)")]
    private static partial void LogOpened(ILogger logger, string baseUrl, string reason, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Debug, Message = "LLM endpoint {BaseUrl} is still unreachable ({Reason}); next try in {BreakSeconds} s")]
    private static partial void LogStillUnreachable(ILogger logger, string baseUrl, string reason, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "LLM endpoint {BaseUrl} answers again; explanations call it again")]
    private static partial void LogReachableAgain(ILogger logger, string baseUrl);
}
