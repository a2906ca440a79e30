namespace AnomalyPlatform.Generator;

/// <summary>The four injected fault kinds of the original design; each episode is one ground-truth incident.</summary>
internal enum FaultKind
{
    ErrorLogBurst,
    MetricSpike,
    MissingSpan,
    NoisyEvent,
}

/// <summary>Which metrics a metric-spike episode pushes out of range.</summary>
internal enum SpikeProfile
{
    /// <summary>CPU saturated at the root; its p95 latency and its callers' p95 latency rise.</summary>
    CpuHog,

    /// <summary>Memory far above normal and still growing (a leak); local only.</summary>
    MemoryLeak,

    /// <summary>p50 and p95 latency several times normal at the root; callers' p95 follows one interval later.</summary>
    LatencyInjection,

    /// <summary>Error rate at the root jumps; callers' error rate follows one interval later.</summary>
    ErrorSpike,
}

/// <summary>One running fault injection: where it is, how big it is meant to be, and how much of it has been observed.</summary>
internal sealed class FaultEpisode
{
    public required int Incident { get; init; }
    public required FaultKind Kind { get; init; }
    public required int Service { get; init; }
    public required int Instance { get; init; }

    /// <summary>Labelled records the episode is expected to produce; the rate controllers count on it.</summary>
    public required int Planned { get; init; }

    /// <summary>Intervals the fault is active at its root (symptoms at callers may last one more).</summary>
    public required int Duration { get; init; }

    public SpikeProfile Profile { get; init; }

    /// <summary>Per-episode magnitude, drawn once so that all of an episode's readings agree.</summary>
    public double Severity { get; init; }

    /// <summary>Labelled records produced so far.</summary>
    public int Labelled { get; set; }

    /// <summary>Intervals since the episode started (0 during its first interval).</summary>
    public int Elapsed { get; set; }

    /// <summary>For bursts and floods: records meant for the root instance (the rest go to callers).</summary>
    public int RootPlanned { get; set; }

    public int RootWritten { get; set; }

    public int CallerWritten { get; set; }

    /// <summary>For bursts and floods: when the first interval's lines start.</summary>
    public long WindowStartTicks { get; set; }

    public int Outstanding => Math.Max(0, Planned - Labelled);
}
