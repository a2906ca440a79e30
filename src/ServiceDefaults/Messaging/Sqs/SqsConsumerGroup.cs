namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// The consumer-group naming rule of the SQS adapter, public so that a host that writes subscriptions for other
/// processes (the CLI) names the groups exactly as the adapter will.
/// </summary>
public static class SqsConsumerGroup
{
    /// <summary>The group of a handler without a <c>Messaging:Sqs:ConsumerGroups</c> entry: its type name in kebab case.</summary>
    public static string DefaultFor(Type handlerType)
    {
        ArgumentNullException.ThrowIfNull(handlerType);
        return SqsQueueNames.Kebab(handlerType.Name);
    }
}
