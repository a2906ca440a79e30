using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Follows one request through the call graph and writes its spans and logs. Each span's own time is log-normal
/// around the service's median (slower under load); calls run one after another with a small network gap, so a
/// parent's duration is its own time plus its children's, and every child lies inside its parent's time.
/// </summary>
/// <remarks>
/// Faults act through the same arithmetic: a slowed or timed-out call lengthens every ancestor that waits for it, and a
/// call failed by a fault makes its caller log the failure and, as a normal failure would, sometimes fail too. A span is
/// labelled <c>latency_spike</c> only when the fault made it clearly slow (<see cref="ClearlyAbnormal.Span"/>), and an
/// ERROR line only when a fault caused it. A lost parent span (tracing loss, or a standalone missing span) is dropped
/// after its children are written, and the orphaned children are labelled: they are the only observable trace of it.
/// </remarks>
internal sealed class TraceSimulator(
    ServiceTopology topology, SeededRandom random, TraceIds ids, LogCatalog logs, IncidentInjector incidents, PointAnomalyInjector points)
{
    private const double SelfLatencySigma = 0.35;

    private readonly record struct CallResult(int Slot, long DurationUs, bool Failed, long FaultDelayUs, bool FaultFailed);

    // One reusable child-slot list per call depth: the recursion never allocates per span.
    private readonly List<List<int>> _childSlotsByDepth = [];

    /// <summary>Simulates one traced request of <paramref name="route"/> entering at <paramref name="startTicks"/>.</summary>
    public void SimulateRequest(IntervalBuffer buffer, long startTicks, int route, double load)
    {
        var start = Ticks.FloorMs(startTicks);
        Simulate(buffer, topology.EntryService, start, null, ids.NewTraceId(), route, load, 0, start);
    }

    private CallResult Simulate(
        IntervalBuffer buffer, int service, long startTicks, string? parentSpanId, string traceId, int route, double load, int depth, long requestStart)
    {
        var definition = topology.Services[service];
        var instance = topology.FirstInstance[service] + random.Next(definition.Instances);
        var spanId = ids.NewSpanId();
        var slot = buffer.Add();
        var operation = service == topology.EntryService
            ? topology.Routes[route].EntryOperation
            : definition.Operations[random.Next(definition.Operations.Count)];

        // Busier intervals are slower: +30 % self time at the daily peak compared with no load.
        var selfUs = (long)(random.LogNormal(definition.SelfLatencyMs * (0.7 + 0.3 * load), SelfLatencySigma) * 1000) + 50;
        var fault = incidents.SpanFaultAt(instance, requestStart, selfUs);
        long faultDelayUs = 0;
        if (fault.Kind == SpanFaultKind.Slow)
        {
            selfUs += fault.ExtraUs;
            faultDelayUs = fault.ExtraUs;
        }

        var cursorUs = (long)(selfUs * 0.35);
        var childFailed = false;
        var childFaultFailed = -1;
        if (_childSlotsByDepth.Count <= depth)
        {
            _childSlotsByDepth.Add([]);
        }

        var children = _childSlotsByDepth[depth];
        children.Clear();
        var callees = topology.CalleesOf(service);
        // A call that hangs until its caller's timeout never gets as far as its own downstream calls.
        for (var c = 0; c < callees.Length && fault.Kind != SpanFaultKind.Timeout; c++)
        {
            var call = definition.Calls[c];
            if ((call.RouteMask & (1 << route)) == 0 || !random.Chance(call.Probability))
            {
                continue;
            }

            cursorUs += (long)(random.Uniform(0.4, 1.3) * 1000);
            var childStart = Ticks.FloorMs(startTicks + cursorUs * Ticks.PerMicrosecond);
            var child = Simulate(buffer, callees[c], childStart, spanId, traceId, route, load, depth + 1, requestStart);
            var childEnd = childStart + child.DurationUs * Ticks.PerMicrosecond;
            cursorUs = (childStart - startTicks) / Ticks.PerMicrosecond + child.DurationUs + (long)(random.Uniform(0.2, 0.6) * 1000);
            faultDelayUs += child.FaultDelayUs;
            if (child.FaultFailed)
            {
                // The client sees the failed call as soon as it returns.
                incidents.WriteUpstreamLine(buffer, instance, callees[c], Ticks.FloorMs(childEnd) + Ticks.PerMillisecond, traceId, child.DurationUs);
            }

            if (child.Failed && random.Chance(ServiceTopology.ErrorPropagationProbability))
            {
                childFailed = true;
                if (child.FaultFailed && childFaultFailed < 0)
                {
                    childFaultFailed = callees[c];
                }
            }

            children.Add(child.Slot);
        }

        long durationUs;
        bool failed, faultFailed;
        switch (fault.Kind)
        {
            case SpanFaultKind.Timeout:
                durationUs = fault.ExtraUs;
                faultDelayUs = Math.Max(0, durationUs - selfUs);
                (failed, faultFailed) = (true, true);
                break;
            case SpanFaultKind.Fail:
                durationUs = cursorUs + (selfUs - (long)(selfUs * 0.35));
                (failed, faultFailed) = (true, true);
                break;
            default:
                durationUs = cursorUs + (selfUs - (long)(selfUs * 0.35));
                failed = childFailed || random.Chance(definition.ErrorProbability);
                faultFailed = childFaultFailed >= 0;
                break;
        }

        ref var span = ref buffer[slot];
        span.Ticks = startTicks;
        span.Kind = TelemetryKind.Span;
        span.Instance = instance;
        span.Name = operation;
        span.Value = durationUs / 1000.0;
        span.Status = failed ? SpanStatus.Error : SpanStatus.Ok;
        span.TraceId = traceId;
        span.SpanId = spanId;
        span.ParentSpanId = parentSpanId;
        if (ClearlyAbnormal.Span(faultDelayUs, durationUs))
        {
            incidents.Label(buffer, slot, AnomalyTypes.LatencySpike);
        }

        incidents.OnSpan(instance, faultDelayUs, faultFailed);
        logs.EmitSpanLogs(buffer, instance, operation, startTicks, durationUs, failed && !faultFailed, traceId);
        if (faultFailed)
        {
            var endTicks = Ticks.FloorMs(startTicks + durationUs * Ticks.PerMicrosecond);
            incidents.WriteFailureLine(buffer, instance, operation, endTicks, traceId, durationUs, fault.Kind == SpanFaultKind.None ? childFaultFailed : -1);
        }

        // Only a span with children leaves an observable gap when lost; a lost leaf would vanish without trace.
        if (children.Count > 0)
        {
            if (fault.Kind == SpanFaultKind.Drop)
            {
                Drop(buffer, slot, children, incident: true);
                incidents.OnDropped(startTicks + durationUs * Ticks.PerMicrosecond);
            }
            else if (points.TryDropAt(instance))
            {
                Drop(buffer, slot, children, incident: false);
            }
        }

        return new CallResult(slot, durationUs, failed, faultDelayUs, faultFailed);
    }

    private void Drop(IntervalBuffer buffer, int slot, List<int> children, bool incident)
    {
        buffer[slot].Dropped = true;
        foreach (var childSlot in children)
        {
            // A child lost itself is not emitted, so it is no orphan.
            if (buffer[childSlot].Dropped)
            {
                continue;
            }

            if (incident)
            {
                incidents.Label(buffer, childSlot, AnomalyTypes.MissingSpan);
            }
            else
            {
                PointAnomalyInjector.Label(buffer, childSlot, AnomalyTypes.MissingSpan);
            }
        }
    }
}
