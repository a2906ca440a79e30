using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Which instance each instance took over from. A pod replaced (a deployment rolled out, a pod killed and rescheduled)
/// ends one instance's metric series and begins another's, so without this a replacement's series is judged against
/// the hours since it started and its predecessor's against the hours before, each a fraction of the run. An instance
/// whose metric readings begin as another instance of its service stops continues that instance's series: the replica
/// of one service runs the same code under the same load.
/// </summary>
internal static class InstanceLineage
{
    /// <summary>
    /// How far a replacement's readings may overlap those of the instance it replaces: a rolling update starts the new
    /// pod before the old one is told to stop, then grants the old one its termination grace period (30 s by default).
    /// A new instance must also outlive the old one by as much, so that instances that merely start late beside it (a
    /// scale-out near the end of the input) are not taken for replacements.
    /// </summary>
    private static readonly long Overlap = TimeSpan.FromMinutes(5).Ticks;

    /// <summary>
    /// The lines of the input's instances. Instances are taken in order of their first metric reading; of the
    /// instances that stopped in time for one, the latest to stop is the one it replaced. Instances seen under more
    /// than one service are left as lines of their own.
    /// </summary>
    public static InstanceLines Of(TelemetryColumns columns)
    {
        var lines = new InstanceLines(columns.Instances.Count);
        var spans = ReadingSpans(columns, columns.Instances.Count);
        foreach (var group in spans.Where(static span => span.Service >= 0).GroupBy(static span => span.Service))
        {
            Link([.. group.OrderBy(static span => span.First).ThenBy(static span => span.Instance)], lines);
        }

        return lines;
    }

    private static void Link(ReadingSpan[] ordered, InstanceLines lines)
    {
        if (ordered.Length < 2)
        {
            return;
        }

        var latest = new List<ReadingSpan>(ordered.Length);
        foreach (var next in ordered)
        {
            var replaced = -1;
            for (var i = 0; i < latest.Count; i++)
            {
                var line = latest[i];
                if (line.Last <= next.First + Overlap && next.Last - line.Last >= Overlap &&
                    (replaced < 0 || line.Last > latest[replaced].Last))
                {
                    replaced = i;
                }
            }

            if (replaced < 0)
            {
                latest.Add(next);
                continue;
            }

            lines.Continue(latest[replaced].Instance, next.Instance);
            latest[replaced] = next;
        }
    }

    /// <summary>Per instance with metric readings, its service (-1 if it has several) and its first and last reading.</summary>
    private static List<ReadingSpan> ReadingSpans(TelemetryColumns columns, int instanceCount)
    {
        var service = new int[instanceCount];
        var first = new long[instanceCount];
        var last = new long[instanceCount];
        Array.Fill(service, int.MinValue);
        var kinds = columns.Kinds;
        var services = columns.ServiceIds;
        var instances = columns.InstanceIds;
        var ticks = columns.Ticks;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] != (byte)TelemetryKind.Metric)
            {
                continue;
            }

            var instance = instances[row];
            if (service[instance] == int.MinValue)
            {
                service[instance] = services[row];
                first[instance] = last[instance] = ticks[row];
                continue;
            }

            if (service[instance] != services[row])
            {
                service[instance] = -1;
            }

            first[instance] = Math.Min(first[instance], ticks[row]);
            last[instance] = Math.Max(last[instance], ticks[row]);
        }

        var spans = new List<ReadingSpan>();
        for (var instance = 0; instance < instanceCount; instance++)
        {
            if (service[instance] != int.MinValue)
            {
                spans.Add(new ReadingSpan(instance, service[instance], first[instance], last[instance]));
            }
        }

        return spans;
    }

    private readonly record struct ReadingSpan(int Instance, int Service, long First, long Last);
}

/// <summary>Per instance id, the first instance of its line (its own id where it replaced none).</summary>
internal sealed class InstanceLines
{
    private readonly int[] _first;
    private readonly int[] _latest;
    private readonly int[] _length;

    public InstanceLines(int instanceCount)
    {
        _first = new int[instanceCount];
        _latest = new int[instanceCount];
        _length = new int[instanceCount];
        for (var i = 0; i < instanceCount; i++)
        {
            _first[i] = _latest[i] = i;
            _length[i] = 1;
        }
    }

    public ReadOnlySpan<int> First => _first;

    /// <summary>Records that <paramref name="successor"/> took over from <paramref name="predecessor"/>, the latest of its line.</summary>
    public void Continue(int predecessor, int successor)
    {
        var first = _first[predecessor];
        _first[successor] = first;
        _latest[first] = successor;
        _length[first]++;
    }

    /// <summary>The line that begins with <paramref name="first"/>: "pod-a", "pod-a → pod-b", "pod-a → … → pod-d (4 instances)".</summary>
    public string Describe(StringTable instances, int first) => _length[first] switch
    {
        1 => instances[first],
        2 => $"{instances[first]} → {instances[_latest[first]]}",
        var count => $"{instances[first]} → … → {instances[_latest[first]]} ({count} instances)",
    };
}
