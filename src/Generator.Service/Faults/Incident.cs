namespace AnomalyPlatform.Generator;

/// <summary>
/// One injected incident while it runs: its fault at a root-cause instance, its active window, its magnitude, and the
/// labelled volume it is planned to produce and has produced (the intensity controller steers one towards the other).
/// </summary>
internal sealed class Incident
{
    /// <summary>Index in the <see cref="IncidentRegistry"/>.</summary>
    public required int Index { get; init; }

    /// <summary>One of <see cref="Contracts.Telemetry.FaultTypes"/>.</summary>
    public required string FaultType { get; init; }

    public required int Service { get; init; }

    public required int Instance { get; init; }

    /// <summary>The fault is active for requests entering in [<see cref="StartTicks"/>, <see cref="EndTicks"/>).</summary>
    public required long StartTicks { get; init; }

    public required long EndTicks { get; init; }

    /// <summary>Whole intervals the fault lasts.</summary>
    public required int Intervals { get; init; }

    /// <summary>
    /// Fault size, drawn once: self-time factor (cpu_hog), added ms (latency_injection), timeout ms (dependency_outage),
    /// relative memory growth at the OOM kill (memory_leak); unused otherwise.
    /// </summary>
    public required double Magnitude { get; init; }

    /// <summary>Time the fault takes to reach full size (slow faults build up; 0 = at once).</summary>
    public long RampTicks { get; init; }

    /// <summary>Memory leak: when the instance is OOM-killed and restarts.</summary>
    public long OomTicks { get; init; }

    /// <summary>Memory leak: how long the instance refuses calls while it restarts.</summary>
    public long RestartTicks { get; init; }

    /// <summary>
    /// Call-graph hops from each service up to the root cause (1 = direct caller, 2 = caller's caller); 0 for the root
    /// and for services the root's callers never lead to.
    /// </summary>
    public required int[] HopsFromRoot { get; init; }

    /// <summary>How long saturation takes to climb one hop up the call graph (slow and hanging dependencies only).</summary>
    public long HopDelayTicks { get; init; }

    /// <summary>Labelled non-log records (metrics, spans, events) and ERROR lines the incident is meant to produce.</summary>
    public required int PlannedRecords { get; init; }

    public required int PlannedErrorLines { get; init; }

    public int LabelledRecords { get; set; }

    /// <summary>When the root-cause service showed its first labelled symptom; <see cref="long.MaxValue"/> until then.</summary>
    public long FirstRootSymptomTicks { get; set; } = long.MaxValue;

    public int LabelledErrorLines { get; set; }

    /// <summary>Calls at the root instance the fault changed so far (the controller's unit of effort).</summary>
    public long AffectedCalls { get; set; }

    /// <summary>This interval's share of root-instance calls the fault hits (or storm events, for event_storm).</summary>
    public double Intensity { get; set; }

    /// <summary>Intervals since the start (0 during the first).</summary>
    public int Elapsed { get; set; }

    /// <summary>Spans dropped this interval (tracing loss) and the time of the first, for the exporter's error line.</summary>
    public int DroppedThisInterval { get; set; }

    public long FirstDropTicks { get; set; }

    public bool IsActiveAt(long ticks) => ticks >= StartTicks && ticks < EndTicks;

    /// <summary>The fault's size at <paramref name="ticks"/>: 0 before the start, growing over the ramp, then full.</summary>
    public double RampAt(long ticks) =>
        RampTicks <= 0 ? 1.0 : Math.Clamp((ticks - StartTicks) / (double)RampTicks, 0.05, 1.0);
}
