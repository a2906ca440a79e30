using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.InProcess;

/// <summary>A message on an in-process queue, with the publisher's trace context.</summary>
/// <param name="Taken">Completed by the consumer when it takes a handed-over message (<see cref="MessagingOptions.InProcessHandOffTypes"/>); null for a queued one.</param>
internal sealed record InProcessEnvelope<T>(T Message, string? TraceParent, TaskCompletionSource? Taken = null);

/// <summary>One bounded channel per subscription (message type × handler), so every handler sees every message.</summary>
internal sealed class InProcessQueues(IOptions<MessagingOptions> options)
{
    private readonly ConcurrentDictionary<HandlerRegistration, object> _channels = new();

    public Channel<InProcessEnvelope<T>> For<T>(HandlerRegistration registration) =>
        (Channel<InProcessEnvelope<T>>)_channels.GetOrAdd(registration, _ => Channel.CreateBounded<InProcessEnvelope<T>>(
            new BoundedChannelOptions(options.Value.InProcessCapacity)
            {
                FullMode = BoundedChannelFullMode.Wait,
                SingleReader = true,
            }));
}
