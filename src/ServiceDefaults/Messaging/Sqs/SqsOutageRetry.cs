using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
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
/// </summary>
internal sealed partial class SqsOutageRetry
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    private static readonly ResiliencePropertyKey<string> OperationKey = new("sqs-operation");
    private static readonly ResiliencePropertyKey<long> StartedKey = new("sqs-started");

    private readonly ResiliencePipeline _pipeline;
    private readonly ILogger<SqsOutageRetry> _logger;

    public SqsOutageRetry(IOptions<SqsOptions> options, ILogger<SqsOutageRetry> logger)
    {
        _logger = logger;
        var tolerance = TimeSpan.FromSeconds(options.Value.OutageToleranceSeconds);
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

    public async Task<T> ExecuteAsync<T>(string operation, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(OperationKey, operation);
        context.Properties.Set(StartedKey, Stopwatch.GetTimestamp());
        try
        {
            return await _pipeline.ExecuteAsync(
                static async (context, call) => await call(context.CancellationToken).ConfigureAwait(false), context, call).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public Task ExecuteAsync(string operation, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

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

    private static string Describe(Exception? exception)
    {
        var innermost = exception;
        while (innermost?.InnerException is not null)
        {
            innermost = innermost.InnerException;
        }

        return innermost?.Message ?? "no answer";
    }

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "SQS/S3 {Operation} failed ({Reason}); retrying in {DelaySeconds:0} s ({ElapsedSeconds:0} s of the {ToleranceSeconds:0} s outage tolerance used)")]
    private static partial void LogRetry(ILogger logger, string operation, string reason, double delaySeconds, double elapsedSeconds, double toleranceSeconds);
}
