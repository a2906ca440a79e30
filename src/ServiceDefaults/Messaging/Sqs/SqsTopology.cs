using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Which queue each handler consumes and which queues a publisher sends each message type to, derived only from
/// configuration and type names so that every process of a deployment computes the same answer.
/// </summary>
internal sealed class SqsTopology(IOptions<SqsOptions> options)
{
    private SqsOptions Options => options.Value;

    public static string DefaultConsumerGroup(Type handlerType) => SqsConsumerGroup.DefaultFor(handlerType);

    public string ConsumerGroup(HandlerRegistration registration) =>
        Lookup(Options.ConsumerGroups, registration.HandlerType.Name) ?? DefaultConsumerGroup(registration.HandlerType);

    /// <summary>The consumer groups subscribed to <paramref name="messageType"/>, or null when it has the one shared queue.</summary>
    public IReadOnlyList<string>? SubscribedGroups(Type messageType) => Lookup(Options.Subscriptions, messageType.Name);

    public string ConsumerQueue(HandlerRegistration registration) => SubscribedGroups(registration.MessageType) is null
        ? SqsQueueNames.ForType(Options.QueuePrefix, registration.MessageType)
        : SqsQueueNames.ForGroup(Options.QueuePrefix, registration.MessageType, ConsumerGroup(registration));

    public IReadOnlyList<string> PublishQueues(Type messageType) => SubscribedGroups(messageType) is { } groups
        ? groups.Select(group => SqsQueueNames.ForGroup(Options.QueuePrefix, messageType, group)).ToArray()
        : [SqsQueueNames.ForType(Options.QueuePrefix, messageType)];

    public int Concurrency(HandlerRegistration registration)
    {
        var group = ConsumerGroup(registration);
        foreach (var (name, concurrency) in Options.ConsumerConcurrency)
        {
            if (string.Equals(name, group, StringComparison.OrdinalIgnoreCase))
            {
                return concurrency;
            }
        }

        return Options.Concurrency;
    }

    // Configuration keys are case-insensitive, the bound dictionaries are not.
    private static TValue? Lookup<TValue>(Dictionary<string, TValue> map, string key) where TValue : class =>
        map.FirstOrDefault(pair => string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
