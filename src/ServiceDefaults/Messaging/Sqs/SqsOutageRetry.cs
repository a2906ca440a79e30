using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Carries SQS and S3 calls through an outage of the endpoint: a call that fails for a reason that time can cure (no
/// connection, a timeout, a 5xx, throttling) is retried with exponential backoff (1 s doubling to 30 s), one warning
/// per retry, while less than <see cref="SqsOptions.OutageToleranceSeconds"/> has passed since the call began; then
/// the last error surfaces as it is (a refused connection names the endpoint). The AWS SDK's own
/// retries (a few attempts within a second or two) absorb blips; this absorbs the endpoint being down for a while.
/// An outage past the tolerance, and a queue or bucket that has gone (an emulator that restarted loses them, with
/// their messages), are also reported to the <see cref="TransportFailureLog"/>.
/// </summary>
internal sealed partial class SqsOutageRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private static readonly ResiliencePropertyKey<string> OperationKey = new("sqs-operation");
    private static readonly ResiliencePropertyKey<long> StartedKey = new("sqs-started");

    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<SqsOutageRetry> _logger;
    private readonly TransportFailureLog _failures;
    private readonly TimeSpan _tolerance;

    public SqsOutageRetry(IOptions<SqsOptions> options, TransportFailureLog failures, ILogger<SqsOutageRetry> logger)
    {
        _logger = logger;
        _failures = failures;
        var tolerance = _tolerance = TimeSpan.FromSeconds(options.Value.OutageToleranceSeconds);
        _pipeline = new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                // A cancellation the caller did not ask for is the SDK's HTTP timeout: an endpoint that does not answer.
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } error
                    && (IsTransient(error) || (error is OperationCanceledException && !args.Context.CancellationToken.IsCancellationRequested))
                    && Stopwatch.GetElapsedTime(args.Context.Properties.GetValue(StartedKey, 0)) < tolerance),
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = FirstDelay,
                MaxDelay = MaxDelay,
                UseJitter = false,
                OnRetry = args =>
                {
                    var elapsed = Stopwatch.GetElapsedTime(args.Context.Properties.GetValue(StartedKey, 0));
                    LogRetry(_logger, args.Context.Properties.GetValue(OperationKey, "call"), Describe(args.Outcome.Exception),
                        args.RetryDelay.TotalSeconds, elapsed.TotalSeconds, tolerance.TotalSeconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <param name="destination">The queue or bucket the call is about, named in a reported failure.</param>
    public async Task<T> ExecuteAsync<T>(
        string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, string? destination = null)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        var started = Stopwatch.GetTimestamp();
        context.Properties.Set(OperationKey, operation);
        context.Properties.Set(StartedKey, started);
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, call) => await call(context.CancellationToken).ConfigureAwait(false), context, call).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            ReportIfFatal(operation, destination, ex, Stopwatch.GetElapsedTime(started));
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task ExecuteAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken, string? destination = null) =>
        ExecuteAsync(operation, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken, destination);

    /// <summary>
    /// Reports <paramref name="error"/> to the <see cref="TransportFailureLog"/> when waiting can no longer help: the
    /// queue or bucket is gone, or the endpoint has failed for the whole outage tolerance. True when it reported.
    /// </summary>
    /// <param name="failingFor">How long the call (or, for a consumer's polling, every call since the last success) has been failing.</param>
    public bool ReportIfFatal(string operation, string? destination, Exception error, TimeSpan failingFor)
    {
        var missing = IsMissingResource(error);
        if (!missing && !((IsTransient(error) || error is OperationCanceledException) && failingFor >= _tolerance))
        {
            return false;
        }

        _failures.Add(new TransportFailure(operation, destination, Describe(error), missing, failingFor));
        return true;
    }

    /// <summary>A queue or bucket that does not exist: nothing sent to it can arrive, and what was on it is lost.</summary>
    internal static bool IsMissingResource(Exception exception) =>
        IsMissingQueue(exception) || exception is AmazonServiceException { ErrorCode: "NoSuchBucket" };

    /// <summary>A queue that does not exist (never made, deleted, or lost by an emulator that restarted).</summary>
    internal static bool IsMissingQueue(Exception exception) => exception switch
    {
        QueueDoesNotExistException => true,
        AmazonServiceException service => service.ErrorCode is "AWS.SimpleQueueService.NonExistentQueue" or "QueueDoesNotExist",
        _ => false,
    };

    /// <summary>Failures that waiting can cure; a refused request (bad input, access denied, a missing queue) is not one.</summary>
    internal static bool IsTransient(Exception exception) => exception switch
    {
        AmazonServiceException service when service.StatusCode is >= HttpStatusCode.InternalServerError
            or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout => true,
        AmazonServiceException service when service.ErrorCode is "ThrottlingException" or "RequestThrottled"
            or "Throttling" or "SlowDown" or "ServiceUnavailable" or "RequestTimeout" => true,
        HttpRequestException or SocketException or IOException => true,
        TaskCanceledException or OperationCanceledException => false,
        // No HTTP response at all: the SDK wraps the transport's error.
        _ when exception.InnerException is { } inner => IsTransient(inner),
        _ => false,
    };

    /// <summary>
    /// The words that say what went wrong: the service's own answer ("The specified bucket does not exist") when there
    /// was one, which the SDK wraps around an internal exception that says nothing; else the transport's innermost
    /// error ("Connection refused").
    /// </summary>
    internal static string Describe(Exception? exception)
    {
        var innermost = exception;
        while (innermost is not null and not AmazonServiceException && innermost.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost?.Message ?? "no answer";
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "SQS/S3 {Operation} failed ({Reason}); retrying in {DelaySeconds:0} s ({ElapsedSeconds:0} s of the {ToleranceSeconds:0} s outage tolerance used)")]
    private static partial void LogRetry(ILogger logger, string operation, string reason, double delaySeconds, double elapsedSeconds, double toleranceSeconds);
}
