namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// The queue names the SQS adapter uses, for code outside the adapter that must create the same queues (the CDK app in
/// <c>deploy/</c>): one definition, so a deployment and the services it runs cannot disagree.
/// </summary>
public static class SqsQueueNaming
{
    /// <summary>The queue a message type's one shared queue has: <c>{prefix}{message-type}</c> (long names shortened with a hash).</summary>
    public static string QueueFor(string prefix, Type messageType)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(messageType);
        return SqsQueueNames.ForType(prefix, messageType);
    }

    /// <summary>The dead-letter queue of <paramref name="queueName"/>: <c>{queue}-dlq</c>.</summary>
    public static string DeadLetterQueueFor(string queueName)
    {
        ArgumentNullException.ThrowIfNull(queueName);
        return SqsQueueNames.DeadLetter(queueName);
    }
}
