using AnomalyPlatform.Contracts.Telemetry;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Runs the incidents the <see cref="IncidentScheduler"/> starts, one at a time, and labels every record that carries
/// an observable trace of one. The fault acts at the root-cause instance, on a share of its calls (the intensity, steered
/// each interval so that the incident uses about its planned labelled volume); everything else follows from the
/// simulation: a slowed call slows every caller span that waits for it, a failed call makes its callers log and
/// sometimes fail, and metrics are computed from what happened to the interval's calls.
/// </summary>
/// <remarks>
/// Per fault type: <c>cpu_hog</c> pegs the instance's CPU and multiplies the self time of the calls it hits;
/// <c>latency_injection</c> adds a fixed delay to them; both build up over the first minute or so.
/// <c>dependency_outage</c> makes them hang until the caller's timeout and fail. <c>bad_deploy</c> starts with a deploy
/// event and makes them fail with exceptions (a rollback event ends it). <c>memory_leak</c> grows the instance's memory
/// until an OOM kill: an ERROR line, a restart and health-check flaps, and callers' calls refused while it restarts.
/// <c>tracing_loss</c> loses the spans of the calls it hits, leaving their children orphans, and the exporter logs the
/// loss. <c>event_storm</c> floods the instance's events, and its callers' health checks flap.
/// The deploy and rollback events are not labelled: routine deploys look the same.
/// </remarks>
internal sealed class IncidentInjector
{
    private const double MinIntensity = 0.05;
    private const double MaxIntensity = 0.9;
    private static readonly long IntervalTicks = EstateSimulator.IntervalTicks;

    private readonly ServiceTopology _topology;
    private readonly SeededRandom _random;
    private readonly IncidentScheduler _scheduler;
    private readonly FaultLogLines _lines;
    private readonly LogCatalog _logs;
    private readonly EventCatalog _events;
    private readonly InstanceCallStats _stats;
    private readonly int[] _callerInstances;
    private readonly List<long> _rootLineTicks = [];
    private long _lastEndTicks = long.MinValue / 2;

    public IncidentInjector(GeneratorOptions options, ServiceTopology topology, SeededRandom random, IncidentRegistry registry, long runStartTicks)
    {
        _topology = topology;
        _random = random;
        _scheduler = new IncidentScheduler(options, topology, random, registry, runStartTicks);
        _lines = new FaultLogLines(topology, random);
        _logs = new LogCatalog(topology, random);
        _events = new EventCatalog(topology, random);
        _stats = new InstanceCallStats(topology.InstanceCount);
        _callerInstances = new int[topology.Services.Count];
        for (var s = 0; s < topology.Services.Count; s++)
        {
            foreach (var caller in topology.CallersOf(s))
            {
                _callerInstances[s] += topology.Services[caller].Instances;
            }
        }
    }

    /// <summary>The running incident, if any.</summary>
    public Incident? Active { get; private set; }

    /// <summary>
    /// Whether the interval starting at <paramref name="intervalStart"/> is clear of incidents with a margin of one
    /// interval each side (standalone anomalies go only there, so that they never blur an incident).
    /// </summary>
    public bool IsQuiet(long intervalStart) =>
        Active is null
        && intervalStart >= _lastEndTicks + IncidentScheduler.TailTicks
        && (_scheduler.NextStartTicks == long.MaxValue || intervalStart + 2 * IntervalTicks <= _scheduler.NextStartTicks);

    /// <summary>Quiet intervals left before the next incident's margin, counting this one; int.MaxValue when incidents are off.</summary>
    public int QuietIntervalsLeft(long intervalStart) => _scheduler.NextStartTicks == long.MaxValue
        ? int.MaxValue
        : (int)Math.Max(1, (_scheduler.NextStartTicks - 2 * IntervalTicks - intervalStart) / IntervalTicks + 1);

    /// <summary>Starts a due incident and sets this interval's intensity; <paramref name="sampledRequests"/> is the interval's traced traffic.</summary>
    public void BeginInterval(IntervalBuffer buffer, long intervalStart, AnomalyLedger ledger, int sampledRequests)
    {
        _stats.Reset();
        if (Active is null && _scheduler.TryStart(intervalStart, ledger) is { } started)
        {
            Active = started;
            if (started.FaultType == FaultTypes.BadDeploy)
            {
                _events.Add(buffer, started.StartTicks, started.Instance, EventTypes.Deploy, null);
            }
        }

        if (Active is { } incident)
        {
            incident.Intensity = NextIntensity(incident, sampledRequests);
        }
    }

    /// <summary>What the running incident does to a call at <paramref name="instance"/> of a request that entered at <paramref name="requestStart"/>.</summary>
    public SpanFault SpanFaultAt(int instance, long requestStart, long selfUs)
    {
        if (Active is not { } incident || !incident.IsActiveAt(requestStart))
        {
            return SpanFault.None;
        }

        if (instance != incident.Instance)
        {
            return Saturation(incident, instance, requestStart);
        }

        var fault = incident.FaultType switch
        {
            FaultTypes.CpuHog when _random.Chance(incident.Intensity) =>
                new SpanFault(SpanFaultKind.Slow, (long)(selfUs * (incident.Magnitude - 1) * incident.RampAt(requestStart))),
            FaultTypes.LatencyInjection when _random.Chance(incident.Intensity) =>
                new SpanFault(SpanFaultKind.Slow, (long)(incident.Magnitude * 1000 * incident.RampAt(requestStart) * _random.Uniform(0.85, 1.15))),
            FaultTypes.DependencyOutage when _random.Chance(incident.Intensity) =>
                new SpanFault(SpanFaultKind.Timeout, (long)(incident.Magnitude * 1000) + _random.Next(0, 40_000)),
            FaultTypes.BadDeploy when _random.Chance(incident.Intensity) => new SpanFault(SpanFaultKind.Fail, 0),
            FaultTypes.MemoryLeak when requestStart >= incident.OomTicks && requestStart < incident.OomTicks + incident.RestartTicks =>
                new SpanFault(SpanFaultKind.Fail, 0),
            FaultTypes.TracingLoss when _random.Chance(incident.Intensity) => new SpanFault(SpanFaultKind.Drop, 0),
            _ => SpanFault.None,
        };
        if (fault.Kind is not SpanFaultKind.None and not SpanFaultKind.Drop)
        {
            incident.AffectedCalls++;
        }

        return fault;
    }

    /// <summary>Counts a finished call for this interval's metrics: the delay faults added to it and whether a fault made it fail.</summary>
    public void OnSpan(int instance, long faultDelayUs, bool faultFailed)
    {
        if (Active is not null)
        {
            _stats.Add(instance, faultDelayUs, faultFailed);
        }
    }

    /// <summary>Notes a span the running tracing-loss incident dropped.</summary>
    public void OnDropped(long ticks)
    {
        if (Active is { } incident)
        {
            if (incident.DroppedThisInterval++ == 0)
            {
                incident.FirstDropTicks = ticks;
            }

            incident.AffectedCalls++;
        }
    }

    /// <summary>Labels the record in <paramref name="slot"/> as a trace of the running incident.</summary>
    public void Label(IntervalBuffer buffer, int slot, string anomalyType)
    {
        if (Active is not { } incident)
        {
            return;
        }

        ref var record = ref buffer[slot];
        var wasLabelled = record.AnomalyType is not null;
        record.Incident = incident.Index;
        record.AnomalyType = anomalyType;
        record.RootCause = _topology.InstanceService[record.Instance] == incident.Service;
        if (record.RootCause && record.Ticks < incident.FirstRootSymptomTicks)
        {
            incident.FirstRootSymptomTicks = record.Ticks;
        }

        if (wasLabelled)
        {
            return;
        }

        if (record.Kind == TelemetryKind.Log)
        {
            incident.LabelledErrorLines++;
        }
        else
        {
            incident.LabelledRecords++;
        }
    }

    /// <summary>The failing call's own ERROR line: at the root-cause instance, or at a caller whose request the failure broke.</summary>
    public void WriteFailureLine(IntervalBuffer buffer, int instance, string operation, long ticks, string traceId, long durationUs, int failedCallee)
    {
        if (Active is not { } incident)
        {
            return;
        }

        var (template, message) = failedCallee < 0
            ? _lines.RootFailure(incident.FaultType, operation, durationUs)
            : ("request_failed", _lines.CallerFailure(operation, failedCallee));
        Label(buffer, _logs.Add(buffer, ticks, instance, LogLevel.Error, template, message, traceId), AnomalyTypes.ErrorLogBurst);
    }

    /// <summary>A caller's ERROR line about its call to <paramref name="callee"/> that a fault made fail.</summary>
    public void WriteUpstreamLine(IntervalBuffer buffer, int instance, int callee, long ticks, string traceId, long calleeDurationUs)
    {
        if (Active is null)
        {
            return;
        }

        var timedOut = Active.FaultType == FaultTypes.DependencyOutage;
        Label(buffer, _logs.Add(buffer, ticks, instance, LogLevel.Error, "upstream_call_failed",
            _lines.UpstreamFailure(callee, calleeDurationUs, timedOut), traceId), AnomalyTypes.ErrorLogBurst);
    }

    /// <summary>Writes the incident's records that no call produces: event floods, the OOM kill, the exporter's loss report, the rollback.</summary>
    public void WriteIntervalRecords(IntervalBuffer buffer, long intervalStart)
    {
        if (Active is not { } incident)
        {
            return;
        }

        var intervalEnd = intervalStart + IntervalTicks;
        switch (incident.FaultType)
        {
            case FaultTypes.EventStorm:
                WriteStorm(buffer, incident, intervalStart);
                break;
            case FaultTypes.MemoryLeak when incident.OomTicks >= intervalStart && incident.OomTicks < intervalEnd:
                WriteOomKill(buffer, incident);
                break;
            case FaultTypes.TracingLoss when incident.DroppedThisInterval > 0:
                Label(buffer, _logs.Add(buffer, Ticks.FloorMs(incident.FirstDropTicks + (long)(_random.Uniform(0.5, 5) * Ticks.PerSecond)),
                    incident.Instance, LogLevel.Error, "span_export_failed", _lines.ExporterDropped(incident.DroppedThisInterval), null),
                    AnomalyTypes.ErrorLogBurst);
                break;
            case FaultTypes.BadDeploy or FaultTypes.DependencyOutage:
                WriteUntracedFailures(buffer, incident, intervalStart);
                if (incident.FaultType == FaultTypes.BadDeploy && intervalEnd >= incident.EndTicks)
                {
                    EventCatalog.AddDescribed(buffer, incident.EndTicks, incident.Instance, EventTypes.Deploy,
                        "rollback to previous version (automatic, error budget burned)");
                }

                break;
        }
    }

    /// <summary>
    /// Logs are not sampled like traces: failed requests outside the 1 % of traced ones log too. Brings the incident's
    /// ERROR lines up to its plan for the time so far: most at the root, the rest at callers a moment after a root line.
    /// </summary>
    private void WriteUntracedFailures(IntervalBuffer buffer, Incident incident, long intervalStart)
    {
        var dueByNow = incident.PlannedErrorLines * (incident.Elapsed + 1) / (double)incident.Intervals;
        var lines = (int)(dueByNow - incident.LabelledErrorLines);
        if (lines <= 0)
        {
            return;
        }

        var callers = _topology.CallersOf(incident.Service);
        var callerLines = callers.Length == 0 ? 0 : (int)(lines * 0.3);
        var definition = _topology.Services[incident.Service];
        var timedOut = incident.FaultType == FaultTypes.DependencyOutage;
        var durationUs = timedOut ? (long)(incident.Magnitude * 1000) : 0;
        _rootLineTicks.Clear();
        for (var i = 0; i < lines - callerLines; i++)
        {
            var ticks = Ticks.FloorMs(intervalStart + (long)(_random.NextDouble() * (IntervalTicks - 5 * Ticks.PerSecond)));
            var (template, message) = _lines.RootFailure(incident.FaultType, definition.Operations[_random.Next(definition.Operations.Count)], durationUs);
            Label(buffer, _logs.Add(buffer, ticks, incident.Instance, LogLevel.Error, template, message, null), AnomalyTypes.ErrorLogBurst);
            _rootLineTicks.Add(ticks);
        }

        for (var i = 0; i < callerLines && _rootLineTicks.Count > 0; i++)
        {
            // A caller's failed call ends after the root failed it, plus the caller's own timeout or retry.
            var ticks = Ticks.FloorMs(_rootLineTicks[_random.Next(_rootLineTicks.Count)] + (long)(_random.Uniform(0.2, 3) * Ticks.PerSecond));
            var caller = callers[_random.Next(callers.Length)];
            var instance = _topology.FirstInstance[caller] + _random.Next(_topology.Services[caller].Instances);
            Label(buffer, _logs.Add(buffer, ticks, instance, LogLevel.Error, "upstream_call_failed",
                _lines.UpstreamFailure(incident.Service, durationUs, timedOut), null), AnomalyTypes.ErrorLogBurst);
        }
    }

    /// <summary>
    /// The reading of <paramref name="metric"/> at <paramref name="instance"/> given the faults, from the interval's calls
    /// (latency and error rate) or the fault itself (CPU, memory); <paramref name="labelled"/> when it clearly stands out.
    /// </summary>
    public double MetricReading(int instance, int metric, double normal, out bool labelled)
    {
        labelled = false;
        if (Active is not { } incident)
        {
            return normal;
        }

        var atRoot = instance == incident.Instance;
        var value = metric switch
        {
            MetricNames.CpuPercent when atRoot && incident.FaultType == FaultTypes.CpuHog => Math.Max(normal, _random.Uniform(90, 98.5)),
            // The reading summarises the interval, so the last one before the OOM kill shows the full growth.
            MetricNames.MemoryMb when atRoot && incident.FaultType == FaultTypes.MemoryLeak =>
                normal * (1 + incident.Magnitude * (incident.Elapsed + 1) / incident.Intervals),
            MetricNames.ErrorRate => normal + _stats.FailedShare(instance) * (1 - normal),
            MetricNames.LatencyP50 => normal + _stats.QuantileShiftMs(instance, 0.5),
            MetricNames.LatencyP95 => normal + _stats.QuantileShiftMs(instance, 0.95),
            _ => normal,
        };
        labelled = value != normal && ClearlyAbnormal.Metric(metric, value, normal, _topology.ExpectedErrorRate[_topology.InstanceService[instance]]);
        return value;
    }

    /// <summary>Advances the running incident by one interval and retires it once its window is over.</summary>
    public void EndInterval(long intervalEnd)
    {
        if (Active is not { } incident)
        {
            return;
        }

        incident.Elapsed++;
        incident.DroppedThisInterval = 0;
        if (intervalEnd >= incident.EndTicks)
        {
            _lastEndTicks = incident.EndTicks;
            Active = null;
        }
    }

    /// <summary>
    /// A caller of a slow or hanging dependency ties up its workers waiting for it; once its pool is saturated (one hop
    /// delay per hop after the root's first symptom, up to two hops) some of its own calls queue for a worker, whatever
    /// they call. This is how the symptoms of such faults climb the call graph with a delay. By Little's law the workers
    /// held grow with the rate of slow calls, so the share of a caller's calls that queue is the root's slowed share
    /// scaled by the root's call rate relative to the caller's.
    /// </summary>
    private SpanFault Saturation(Incident incident, int instance, long requestStart)
    {
        if (incident.FaultType is not (FaultTypes.LatencyInjection or FaultTypes.DependencyOutage)
            || requestStart < incident.FirstRootSymptomTicks)
        {
            return SpanFault.None;
        }

        var service = _topology.InstanceService[instance];
        var hops = incident.HopsFromRoot[service];
        if (hops is < 1 or > 2 || requestStart - incident.FirstRootSymptomTicks < hops * incident.HopDelayTicks)
        {
            return SpanFault.None;
        }

        var relativeRate = CallsPerInstance(incident.Service) / CallsPerInstance(service);
        if (!_random.Chance(Math.Min(0.5, incident.Intensity * relativeRate) * 0.5 / hops))
        {
            return SpanFault.None;
        }

        var waitMs = incident.FaultType == FaultTypes.LatencyInjection
            ? incident.Magnitude * _random.Uniform(0.3, 0.6)
            : incident.Magnitude * _random.Uniform(0.1, 0.3);
        return new SpanFault(SpanFaultKind.Slow, (long)(waitMs * 1000 / hops));
    }

    private double CallsPerInstance(int service) => _topology.ExpectedVisits[service] / _topology.Services[service].Instances;

    private double NextIntensity(Incident incident, int sampledRequests)
    {
        var left = Math.Max(1, incident.Intervals - incident.Elapsed);
        var remainingRecords = (double)(incident.PlannedRecords - incident.LabelledRecords);
        if (incident.FaultType == FaultTypes.EventStorm)
        {
            // Here the intensity is the number of events at the root this interval; each caller instance adds one flap.
            return Math.Clamp(Math.Round(remainingRecords / left) - _callerInstances[incident.Service], 4, 40);
        }

        // Labelled records and ERROR lines per affected call, by fault type: a prior, then what this incident showed.
        var (recordsPrior, linesPrior) = incident.FaultType switch
        {
            FaultTypes.CpuHog => (1.0, 0.0),
            FaultTypes.LatencyInjection => (2.5, 0.0),
            FaultTypes.DependencyOutage => (2.5, 2.5),
            FaultTypes.BadDeploy => (0.0, 2.5),
            FaultTypes.TracingLoss => (2.0, 0.0),
            _ => (0.0, 0.0),
        };
        var calls = Math.Max(0.5, sampledRequests * _topology.ExpectedVisits[incident.Service] / _topology.Services[incident.Service].Instances);
        var share = 1.0;
        if (recordsPrior > 0)
        {
            var perCall = (incident.LabelledRecords + 3 * recordsPrior) / (incident.AffectedCalls + 3);
            share = Math.Min(share, remainingRecords / (left * calls * perCall));
        }

        if (linesPrior > 0)
        {
            var perCall = (incident.LabelledErrorLines + 3 * linesPrior) / (incident.AffectedCalls + 3);
            share = Math.Min(share, (incident.PlannedErrorLines - incident.LabelledErrorLines) / (left * calls * perCall));
        }

        return Math.Clamp(share, MinIntensity, MaxIntensity);
    }

    private void WriteStorm(IntervalBuffer buffer, Incident incident, long intervalStart)
    {
        var first = Math.Max(intervalStart, incident.StartTicks) + (long)(_random.NextDouble() * 15 * Ticks.PerSecond);
        for (var i = 0; i < (int)incident.Intensity; i++)
        {
            var type = _random.NextDouble() switch
            {
                < 0.35 => EventTypes.Restart,
                < 0.75 => EventTypes.HealthCheckFlap,
                < 0.9 => EventTypes.ConfigChange,
                _ => EventTypes.Scale,
            };
            var ticks = i == 0 ? first : first + (long)(_random.NextDouble() * 40 * Ticks.PerSecond);
            Label(buffer, _events.Add(buffer, Ticks.FloorMs(ticks), incident.Instance, type, null), AnomalyTypes.NoisyEvent);
        }

        // Callers notice the flapping dependency a few seconds after the storm starts.
        WriteCallerFlaps(buffer, incident, first, 2, 20);
    }

    private void WriteOomKill(IntervalBuffer buffer, Incident incident)
    {
        var oom = incident.OomTicks;
        Label(buffer, _logs.Add(buffer, Ticks.FloorMs(oom - 200 * Ticks.PerMillisecond), incident.Instance, LogLevel.Error, "out_of_memory",
            _lines.OutOfMemory(incident.Service), null), AnomalyTypes.ErrorLogBurst);
        Label(buffer, EventCatalog.AddDescribed(buffer, Ticks.FloorMs(oom + 500 * Ticks.PerMillisecond), incident.Instance, EventTypes.Restart,
            "container restarted, exit_code=137 (OOMKilled)"), AnomalyTypes.NoisyEvent);
        Label(buffer, _events.Add(buffer, Ticks.FloorMs(oom + incident.RestartTicks / 2), incident.Instance, EventTypes.HealthCheckFlap, null),
            AnomalyTypes.NoisyEvent);
        WriteCallerFlaps(buffer, incident, oom, 1, incident.RestartTicks / (double)Ticks.PerSecond + 1);
    }

    private void WriteCallerFlaps(IntervalBuffer buffer, Incident incident, long after, double minSeconds, double maxSeconds)
    {
        var dependency = _topology.Services[incident.Service].Name;
        foreach (var caller in _topology.CallersOf(incident.Service))
        {
            for (var n = 0; n < _topology.Services[caller].Instances; n++)
            {
                var ticks = Ticks.FloorMs(after + (long)(_random.Uniform(minSeconds, maxSeconds) * Ticks.PerSecond));
                Label(buffer, _events.Add(buffer, ticks, _topology.FirstInstance[caller] + n, EventTypes.HealthCheckFlap, dependency), AnomalyTypes.NoisyEvent);
            }
        }
    }
}
