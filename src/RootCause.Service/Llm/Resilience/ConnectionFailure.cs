using System.Diagnostics.CodeAnalysis;

namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>
/// Tells a failure that means the LLM endpoint cannot be reached at all (the connection is refused, the host name does
/// not resolve) from one a retry may cure (a 429 or 5xx answer, a timeout, a dropped connection).
/// </summary>
internal static class ConnectionFailure
{
    /// <summary>
    /// True when <paramref name="exception"/>, or what it wraps (the SDK's <c>ClientResultException</c> with status 0,
    /// the model client's <see cref="AggregateException"/> of its tries, all of them), is a refused connection or an
    /// unresolved name; <paramref name="reason"/> is then the socket's words, such as "Connection refused (127.0.0.1:9)",
    /// which name the host and port but never the request.
    /// </summary>
    public static bool IsUnreachable(Exception? exception, [NotNullWhen(true)] out string? reason)
    {
        switch (exception)
        {
            case null:
                reason = null;
                return false;
            case AggregateException { InnerExceptions.Count: > 0 } tries:
                reason = null;
                foreach (var attempt in tries.InnerExceptions)
                {
                    if (!IsUnreachable(attempt, out var attemptReason))
                    {
                        reason = null;
                        return false;
                    }

                    reason = attemptReason;
                }

                return reason is not null;
            // ConnectionError is raised only while the connection is being made; a connection lost later is another error.
            case HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } failure:
                reason = failure.Message;
                return true;
            default:
                return IsUnreachable(exception.InnerException, out reason);
        }
    }
}
