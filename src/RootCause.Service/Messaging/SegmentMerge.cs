using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>
/// Joins what the detectors learned segment by segment into what the analysis of the whole run reads: the same result
/// as one detector would have reported for a run of one segment.
/// </summary>
public static class SegmentMerge
{
    /// <summary>The call graph of the run: each caller → callee edge once, its calls summed, ordered by caller then callee.</summary>
    public static IReadOnlyList<ServiceEdge> Edges(IEnumerable<DetectionCompleted> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var calls = new SortedDictionary<(string Caller, string Callee), long>(EdgeKeyComparer.Instance);
        foreach (var segment in segments)
        {
            foreach (var edge in segment.Edges)
            {
                calls[(edge.Caller, edge.Callee)] = calls.GetValueOrDefault((edge.Caller, edge.Callee)) + edge.Calls;
            }
        }

        return calls.Select(static pair => new ServiceEdge(pair.Key.Caller, pair.Key.Callee, pair.Value)).ToList();
    }

    /// <summary>The run's change events in record order (each segment reports only its own records' events).</summary>
    public static IReadOnlyList<ChangeEvent> ChangeEvents(IEnumerable<DetectionCompleted> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        return segments.SelectMany(static segment => segment.ChangeEvents).OrderBy(static change => change.RecordId).ToList();
    }

    private sealed class EdgeKeyComparer : IComparer<(string Caller, string Callee)>
    {
        public static readonly EdgeKeyComparer Instance = new();

        public int Compare((string Caller, string Callee) x, (string Caller, string Callee) y)
        {
            var byCaller = string.CompareOrdinal(x.Caller, y.Caller);
            return byCaller != 0 ? byCaller : string.CompareOrdinal(x.Callee, y.Callee);
        }
    }
}
