using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests;

/// <summary>
/// One 300,000-record default run (about nine simulated hours, some 35 incidents), shared by the tests of a class.
/// </summary>
public sealed class LongRunFixture
{
    internal GeneratedRun Run { get; } = GeneratedRun.Create(300_000);

    internal IReadOnlyDictionary<string, List<(TelemetryRecord Record, RecordLabel Label)>> RowsByIncident { get; }

    public LongRunFixture() => RowsByIncident = Run.Rows.Where(r => r.Label.IncidentId is not null)
        .GroupBy(r => r.Label.IncidentId!)
        .ToDictionary(g => g.Key, g => g.ToList());

    /// <summary>
    /// When a record's content became observable: a span when it ended, a metric when its interval closed (it summarises
    /// the minute it is stamped with), a log line or event at its timestamp.
    /// </summary>
    internal static DateTime ObservedAt(TelemetryRecord record) => record.Kind switch
    {
        TelemetryKind.Span => record.Timestamp.AddTicks((long)Math.Round(record.Value * TimeSpan.TicksPerMillisecond)),
        TelemetryKind.Metric => record.Timestamp.AddMinutes(1),
        _ => record.Timestamp,
    };

    /// <summary>Services that reach <paramref name="root"/> through calls (its callers, their callers, ...).</summary>
    internal HashSet<string> CallersUpstreamOf(string root) => Reach(root, (topology, s) => topology.CallersOf(s).ToArray());

    internal HashSet<string> CalleesOf(string root) => Reach(root, (topology, s) => topology.CalleesOf(s).ToArray(), depth: 1);

    private HashSet<string> Reach(string root, Func<ServiceTopology, int, int[]> next, int depth = int.MaxValue)
    {
        var topology = Run.Topology;
        var index = topology.Services.Select((s, i) => (s.Name, i)).ToDictionary(p => p.Name, p => p.i);
        var seen = new HashSet<string>();
        var frontier = new List<int> { index[root] };
        for (var level = 0; level < depth && frontier.Count > 0; level++)
        {
            frontier = frontier.SelectMany(s => next(topology, s)).Where(s => seen.Add(topology.Services[s].Name)).ToList();
        }

        return seen;
    }
}
