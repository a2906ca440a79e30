namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>
/// A failure of the message transport that waiting did not cure: the broker stayed unreachable for longer than the
/// outage tolerance, or a queue or bucket the messages live in is gone (with the messages on it).
/// </summary>
/// <param name="Operation">The broker call that failed, e.g. <c>ReceiveMessage</c> or <c>SendMessageBatch</c>.</param>
/// <param name="Destination">The queue or bucket the call was about, when known.</param>
/// <param name="Reason">The broker's or the connection's own words.</param>
/// <param name="ResourceMissing">True when the queue or bucket no longer exists; false when the broker did not answer.</param>
/// <param name="FailingFor">How long the calls had been failing when the transport gave up.</param>
public sealed record TransportFailure(string Operation, string? Destination, string Reason, bool ResourceMissing, TimeSpan FailingFor);

/// <summary>A queue this process found gone and created again: the transport goes on, but what was on the queue is gone.</summary>
/// <param name="FoundGoneAt">When the call that found it gone failed (UTC).</param>
public sealed record RecreatedQueue(string QueueName, DateTime FoundGoneAt);

/// <summary>
/// The transport failures this process met, so that a run with an end (the command line's) can stop waiting for
/// messages that will not come; a long-running service does not stop for them: it waits out outages and creates a lost
/// queue again (<see cref="LostQueuePolicy"/>), and hears of each queue it created again, whose messages went with it.
/// </summary>
public sealed class TransportFailureLog
{
    /// <summary>Raised for each failure as it happens.</summary>
    public event Action<TransportFailure>? Added;

    /// <summary>Raised for each lost queue once it has been created again.</summary>
    public event Action<RecreatedQueue>? Recreated;

    public void Add(TransportFailure failure) => Added?.Invoke(failure);

    public void AddRecreated(RecreatedQueue queue) => Recreated?.Invoke(queue);
}
