namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Tells, for a host that reports an SQS/S3 failure to a person (the command line), an endpoint that did not answer
/// from a request that was refused or never made (missing credentials, a bad region or endpoint URL, access denied),
/// with the same rules the adapter's retries follow.
/// </summary>
public static class SqsErrors
{
    /// <summary>True when the endpoint did not answer (no connection, a timeout, a 5xx, throttling): waiting may cure it.</summary>
    public static bool IsUnreachable(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return SqsOutageRetry.IsTransient(exception) || exception is OperationCanceledException;
    }

    /// <summary>What went wrong, in the service's or the connection's own words.</summary>
    public static string Describe(Exception exception) => SqsOutageRetry.Describe(exception);
}
