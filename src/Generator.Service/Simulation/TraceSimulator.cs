using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Follows one request through the call graph and writes its spans and logs. Each span's own time is log-normal
/// around the service's median (slower under load); calls run one after another with a small network gap, so a
/// parent's duration is its own time plus its children's, and every child lies inside its parent's time.
/// A span whose instance hosts an active missing-span fault is dropped after its children are written, and the
/// orphaned children are labelled: they are the only observable trace of the loss.
/// </summary>
internal sealed class TraceSimulator(ServiceTopology topology, SeededRandom random, TraceIds ids, LogCatalog logs, FaultInjector faults)
{
    private const double SelfLatencySigma = 0.35;

    // One reusable child-slot list per call depth: the recursion never allocates per span.
    private readonly List<List<int>> _childSlotsByDepth = [];

    /// <summary>Simulates one traced request of <paramref name="route"/> entering at <paramref name="startTicks"/>; returns logs written.</summary>
    public int SimulateRequest(IntervalBuffer buffer, long startTicks, int route, double load)
    {
        var logCount = 0;
        Simulate(buffer, topology.EntryService, Ticks.FloorMs(startTicks), null, ids.NewTraceId(), route, load, 0, ref logCount);
        return logCount;
    }

    private (int Slot, long DurationUs, bool Failed) Simulate(
        IntervalBuffer buffer, int service, long startTicks, string? parentSpanId, string traceId, int route, double load, int depth,
        ref int logCount)
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
        var cursorUs = (long)(selfUs * 0.35);
        var childFailed = false;
        if (_childSlotsByDepth.Count <= depth)
        {
            _childSlotsByDepth.Add([]);
        }

        var children = _childSlotsByDepth[depth];
        children.Clear();
        var callees = topology.CalleesOf(service);
        for (var c = 0; c < callees.Length; c++)
        {
            var call = definition.Calls[c];
            if ((call.RouteMask & (1 << route)) == 0 || !random.Chance(call.Probability))
            {
                continue;
            }

            cursorUs += (long)(random.Uniform(0.4, 1.3) * 1000);
            var childStart = Ticks.FloorMs(startTicks + cursorUs * Ticks.PerMicrosecond);
            var child = Simulate(buffer, callees[c], childStart, spanId, traceId, route, load, depth + 1, ref logCount);
            cursorUs = (childStart - startTicks) / Ticks.PerMicrosecond + child.DurationUs + (long)(random.Uniform(0.2, 0.6) * 1000);
            childFailed |= child.Failed && random.Chance(ServiceTopology.ErrorPropagationProbability);
            children.Add(child.Slot);
        }

        var durationUs = cursorUs + (selfUs - (long)(selfUs * 0.35));
        var failed = childFailed || random.Chance(definition.ErrorProbability);

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

        logCount += logs.EmitSpanLogs(buffer, instance, operation, startTicks, durationUs, failed, traceId);

        // Only a span with children leaves an observable gap when lost; a lost leaf would vanish without trace.
        if (children.Count > 0 && faults.MissingSpanAt(instance) is { } episode)
        {
            buffer[slot].Dropped = true;
            var orphans = 0;
            foreach (var childSlot in children)
            {
                // A child lost to its own fault is not emitted, so it is no orphan.
                if (!buffer[childSlot].Dropped)
                {
                    buffer[childSlot].Incident = episode.Incident;
                    orphans++;
                }
            }

            faults.CountLabelled(episode, orphans);
        }

        return (slot, durationUs, failed);
    }
}
