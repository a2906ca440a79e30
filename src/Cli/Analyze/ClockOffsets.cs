using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Each pod's or host's clock set to agree with the others, from the calls between them. A call cannot begin before
/// the span that made it, nor (when shorter than its caller's span) end after it, so the spans of a pair of instances
/// say within which bounds one's clock is off from the other's. The ranking reads which service's anomalies began first
/// to the second, and clocks a second or more apart put a caller ahead of the fault, so the spans and log lines of an
/// instance whose calls disagree are moved by its offset. Metrics and events are left as read: a scraper or the
/// cluster stamps them, not the pod. The same bounds hold between a log line and the span it names
/// (<see cref="LogClockOffsets"/>).
/// </summary>
/// <remarks>
/// For each ordered pair of instances, the offsets of the callee's clock from the caller's with which the fewest of
/// their calls begin before their caller or outlive it: any within those bounds where they hold none moved, else the
/// middle of them (the network's time alike each way). A pair where most calls disagree whatever the offset (a
/// queue's consumers, whose delay varies) says nothing. The instances' offsets are then those within every pair's
/// bounds, or nearest to them in least squares weighted by calls, found from none moved, and the clock most spans and
/// log lines were stamped with is taken as right. Inputs where no call begins before its caller are left as read.
/// </remarks>
internal static class ClockOffsets
{
    /// <param name="Calls">Spans whose parent is a span of another instance.</param>
    /// <param name="Early">Of them, those that began before their parent as read.</param>
    /// <param name="MedianLead">How long before their parent the early ones began, at the median.</param>
    /// <param name="Moved">Instances whose spans and log lines were moved.</param>
    /// <param name="MedianShift">How far they were moved, at the median.</param>
    /// <param name="LargestShift">How far the one moved most was moved.</param>
    /// <param name="EarlyAfter">Calls that still begin before their parent once moved.</param>
    /// <param name="MedianLeadAfter">How long before their parent those begin, at the median.</param>
    internal sealed record Outcome(
        long Calls, long Early, TimeSpan MedianLead, int Moved, TimeSpan MedianShift, TimeSpan LargestShift, long EarlyAfter, TimeSpan MedianLeadAfter)
    {
        public static Outcome None { get; } = new(0, 0, TimeSpan.Zero, 0, TimeSpan.Zero, TimeSpan.Zero, 0, TimeSpan.Zero);
    }

    /// <summary>The sweeps over the instances after which the offsets stop being refined (they settle in tens).</summary>
    private const int MostSweeps = 1000;

    /// <summary>Moves the spans and log lines of instances whose clocks disagree with their calls', in place; the order of the list is kept.</summary>
    public static Outcome Align(List<TelemetryRecord> records, SpanTimes spans)
    {
        // Most inputs' clocks agree: then one look at each call is all they cost.
        long calls = 0;
        var leads = new List<long>();
        foreach (var (record, parent) in Calls(records, spans))
        {
            calls++;
            if (record.Timestamp.Ticks < parent.Start)
            {
                leads.Add(parent.Start - record.Timestamp.Ticks);
            }
        }

        if (leads.Count == 0)
        {
            return Outcome.None with { Calls = calls };
        }

        leads.Sort();
        var instances = new Dictionary<string, int>(StringComparer.Ordinal);
        var stamped = new List<long>();
        foreach (var record in records)
        {
            if (record.Kind is TelemetryKind.Span or TelemetryKind.Log)
            {
                var key = SpanTimes.ClockOf(record);
                if (!instances.TryGetValue(key, out var index))
                {
                    instances[key] = index = instances.Count;
                    stamped.Add(0);
                }

                stamped[index]++;
            }
        }

        var pairs = new Dictionary<(int Caller, int Callee), ClockBounds.Gaps>();
        foreach (var (record, parent) in Calls(records, spans))
        {
            var pair = (instances[parent.Clock], instances[SpanTimes.ClockOf(record)]);
            if (!pairs.TryGetValue(pair, out var gaps))
            {
                pairs[pair] = gaps = new ClockBounds.Gaps();
            }

            var (start, end) = (record.Timestamp.Ticks, SpanTimes.End(record));
            gaps.Starts.Add(start - parent.Start);
            if (end - start <= parent.End - parent.Start)
            {
                gaps.Ends.Add(parent.End - end);
            }
        }

        var offsets = Offsets(instances.Count, pairs, stamped);
        var moved = offsets.Select(static o => Math.Abs(o)).Where(static o => o > 0).Order().ToList();
        if (moved.Count > 0)
        {
            var byName = instances.ToDictionary(static pair => pair.Key, pair => offsets[pair.Value], StringComparer.Ordinal);
            for (var i = 0; i < records.Count; i++)
            {
                if (records[i].Kind is TelemetryKind.Span or TelemetryKind.Log && byName[SpanTimes.ClockOf(records[i])] is var offset and not 0)
                {
                    records[i] = records[i] with { Timestamp = records[i].Timestamp.AddTicks(-offset) };
                }
            }
        }

        var leadsAfter = pairs.SelectMany(pair => pair.Value.Starts.Select(gap => offsets[pair.Key.Callee] - offsets[pair.Key.Caller] - gap))
            .Where(static lead => lead > 0).Order().ToList();
        return new Outcome(
            calls, leads.Count, TimeSpan.FromTicks(leads[leads.Count / 2]), moved.Count,
            moved.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(moved[moved.Count / 2]),
            moved.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(moved[^1]),
            leadsAfter.Count, leadsAfter.Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks(leadsAfter[leadsAfter.Count / 2]));
    }

    /// <summary>
    /// Each instance's clock offset in ticks (what its clock reads less the right time): within every telling pair's
    /// bounds where they allow, each instance refined in turn from none moved, then per group of instances that call
    /// each other the offset of most records taken as zero.
    /// </summary>
    private static long[] Offsets(int count, Dictionary<(int Caller, int Callee), ClockBounds.Gaps> pairs, List<long> stamped)
    {
        // Per instance, the bounds its pairs put on it: its offset less the other's within [Low, High], with the calls' weight.
        var bounds = Enumerable.Range(0, count).Select(static _ => new List<(int Other, double Low, double High, double Weight)>()).ToArray();
        foreach (var ((caller, callee), gaps) in pairs)
        {
            if (ClockBounds.Agreeing(gaps) is var (low, high))
            {
                bounds[callee].Add((caller, low, high, gaps.Starts.Count));
                bounds[caller].Add((callee, -high, -low, gaps.Starts.Count));
            }
        }

        var offsets = new double[count];
        for (var sweep = 0; sweep < MostSweeps; sweep++)
        {
            var largestStep = 0.0;
            for (var i = 0; i < count; i++)
            {
                if (bounds[i].Count == 0)
                {
                    continue;
                }

                var next = Nearest(offsets[i], bounds[i], offsets);
                largestStep = Math.Max(largestStep, Math.Abs(next - offsets[i]));
                offsets[i] = next;
            }

            // A tick is the clock's own resolution.
            if (largestStep < 1)
            {
                break;
            }
        }

        var result = new long[count];
        foreach (var group in Groups(bounds))
        {
            var right = WeightedMedian(group.Select(i => (offsets[i], stamped[i])));
            foreach (var i in group)
            {
                result[i] = (long)Math.Round(offsets[i] - right);
            }
        }

        return result;
    }

    /// <summary>The offset nearest <paramref name="current"/> that minimises the weighted squared distances to every bound, given the others' offsets.</summary>
    private static double Nearest(double current, List<(int Other, double Low, double High, double Weight)> bounds, double[] offsets)
    {
        double Slope(double x)
        {
            var slope = 0.0;
            foreach (var (other, low, high, weight) in bounds)
            {
                var (from, to) = (offsets[other] + low, offsets[other] + high);
                slope += x < from ? weight * (x - from) : x > to ? weight * (x - to) : 0;
            }

            return slope;
        }

        var at = Slope(current);
        if (at == 0)
        {
            return current;
        }

        // The slope rises with x: halve the span between the current offset and a point past the nearest zero.
        var step = 1.0;
        var (inside, outside) = (current, current);
        while (Math.Sign(Slope(outside)) == Math.Sign(at))
        {
            inside = outside;
            outside = current - (Math.Sign(at) * step);
            step *= 2;
        }

        for (var i = 0; i < 64 && Math.Abs(outside - inside) >= 1; i++)
        {
            var middle = (inside + outside) / 2;
            (inside, outside) = Math.Sign(Slope(middle)) == Math.Sign(at) ? (middle, outside) : (inside, middle);
        }

        return Math.Sign(Slope(outside)) == 0 ? outside : (inside + outside) / 2;
    }

    /// <summary>The instances joined by telling pairs, each group in order of first appearance.</summary>
    private static IEnumerable<List<int>> Groups(List<(int Other, double Low, double High, double Weight)>[] bounds)
    {
        var seen = new bool[bounds.Length];
        for (var first = 0; first < bounds.Length; first++)
        {
            if (seen[first] || bounds[first].Count == 0)
            {
                continue;
            }

            var group = new List<int> { first };
            seen[first] = true;
            for (var next = 0; next < group.Count; next++)
            {
                foreach (var (other, _, _, _) in bounds[group[next]])
                {
                    if (!seen[other])
                    {
                        seen[other] = true;
                        group.Add(other);
                    }
                }
            }

            yield return group;
        }
    }

    private static double WeightedMedian(IEnumerable<(double Value, long Weight)> values)
    {
        var ordered = values.OrderBy(static v => v.Value).ToList();
        var half = ordered.Sum(static v => (double)v.Weight) / 2;
        var running = 0.0;
        foreach (var (value, weight) in ordered)
        {
            running += weight;
            if (running >= half)
            {
                return value;
            }
        }

        return ordered[^1].Value;
    }

    /// <summary>The calls whose caller is a span of another pod or host, with that caller.</summary>
    private static IEnumerable<(TelemetryRecord Call, SpanTimes.SpanTime Parent)> Calls(List<TelemetryRecord> records, SpanTimes spans) =>
        spans.Calls(records).Where(static call => !string.Equals(call.Caller.Clock, SpanTimes.ClockOf(call.Call), StringComparison.Ordinal));

}
