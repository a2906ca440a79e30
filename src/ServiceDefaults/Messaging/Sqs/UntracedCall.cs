using OpenTelemetry;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Runs a broker call that is plumbing, not pipeline work (a long-poll, a visibility extension, provisioning, a
/// queue-depth read, a dead-letter look) with OpenTelemetry instrumentation suppressed, so that the SDK's HTTP requests
/// under it start no trace of their own, and records a span only when the call fails, so that failures stay visible.
/// </summary>
internal static class UntracedCall
{
    public const string Sqs = "sqs";
    public const string S3 = "s3";

    /// <param name="system">The broker, <see cref="Sqs"/> or <see cref="S3"/>.</param>
    /// <param name="operation">The broker operation, which names the failure span: <c>sqs ReceiveMessage failed</c>.</param>
    /// <param name="destination">The queue, bucket or prefix the call is about.</param>
    public static async Task<T> RunAsync<T>(
        string system, string operation, string destination, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var started = DateTimeOffset.UtcNow;
        try
        {
            return await SuppressedAsync(call, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Outside the suppression scope, which ended with SuppressedAsync: this span is exported.
            MessagingTelemetry.RecordFailedCall(system, operation, destination, started, ex);
            throw;
        }
    }

    public static Task RunAsync(
        string system, string operation, string destination, Func<CancellationToken, Task> call, CancellationToken cancellationToken) =>
        RunAsync(system, operation, destination, async token =>
        {
            await call(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    private static async Task<T> SuppressedAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        // An async-local scope: it covers every request the SDK makes under this await (retries included) and ends when
        // this method returns, leaving the caller's context as it was.
        using var scope = SuppressInstrumentationScope.Begin();
        return await call(cancellationToken).ConfigureAwait(false);
    }
}
