using System.Collections.Concurrent;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AnomalyPlatform.Contracts.Json;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>Resolves the source-generated <see cref="JsonTypeInfo{T}"/> of a message type: contracts first, then registered contexts.</summary>
internal sealed class MessageTypeInfos(IEnumerable<MessageSerializationContext> extra)
{
    private readonly JsonSerializerContext[] _contexts = [ContractsJsonContext.Default, .. extra.Select(e => e.Context)];
    private readonly ConcurrentDictionary<Type, JsonTypeInfo?> _cache = new();

    public JsonTypeInfo<T> Get<T>() => (JsonTypeInfo<T>)(Find(typeof(T)) ?? throw new InvalidOperationException(
        $"{typeof(T).Name} has no JSON metadata: add [JsonSerializable(typeof({typeof(T).Name}))] to ContractsJsonContext " +
        "or register a MessageSerializationContext that has it."));

    public bool Has(Type type) => Find(type) is not null;

    // A context's own GetTypeInfo keeps its generation options (snake_case names, nulls omitted), so the wire is
    // byte-for-byte what ContractsJsonContext writes elsewhere.
    private JsonTypeInfo? Find(Type type) => _cache.GetOrAdd(type, static (t, contexts) =>
        contexts.Select(context => context.GetTypeInfo(t)).FirstOrDefault(info => info is not null), _contexts);
}
