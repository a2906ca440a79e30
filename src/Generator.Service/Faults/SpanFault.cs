namespace AnomalyPlatform.Generator;

/// <summary>What an active incident does to one call at its root-cause instance.</summary>
internal enum SpanFaultKind : byte
{
    None,

    /// <summary>The call takes <see cref="SpanFault.ExtraUs"/> longer (CPU starvation, injected latency).</summary>
    Slow,

    /// <summary>The call hangs until the caller's timeout, calls nothing downstream and fails (dependency outage).</summary>
    Timeout,

    /// <summary>The call fails fast (bad deploy, instance restarting after an OOM kill).</summary>
    Fail,

    /// <summary>The span is lost on export if it has children (tracing loss); its children become orphans.</summary>
    Drop,
}

/// <summary>The effect of an incident on one call: a kind and, for slow calls and timeouts, the time it adds or takes.</summary>
internal readonly record struct SpanFault(SpanFaultKind Kind, long ExtraUs)
{
    public static SpanFault None => default;
}
