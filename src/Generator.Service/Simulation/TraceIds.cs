namespace AnomalyPlatform.Generator;

/// <summary>Draws W3C-style ids: 32 lowercase hex digits for a trace, 16 for a span, from the run's seed.</summary>
internal sealed class TraceIds(SeededRandom random)
{
    public string NewTraceId() => string.Create(32, (random.NextUInt64(), random.NextUInt64()), static (chars, ids) =>
    {
        ids.Item1.TryFormat(chars, out _, "x16");
        ids.Item2.TryFormat(chars[16..], out _, "x16");
    });

    public string NewSpanId() => string.Create(16, random.NextUInt64(), static (chars, id) => id.TryFormat(chars, out _, "x16"));
}
