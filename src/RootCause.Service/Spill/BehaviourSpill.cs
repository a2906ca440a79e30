using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.RootCause.Spill;

/// <summary>
/// What each segment's <see cref="DetectionCompleted"/> reports of how services behaved (log-template counts, metric
/// peaks, call-pattern counts, call-transit and log hand-over counts per minute), kept in a <see cref="SpillFile"/> until the run is
/// complete and then built into its <see cref="RunBehaviour"/>: a few hundred thousand per-minute readings a segment,
/// which held as lists grew with the run. Each signal's key (service and template, metric, pattern or call edge and
/// time bucket) is numbered in memory as it first arrives,
/// so the file holds numbers, and reading it back needs neither strings nor hashing; the keys, the operation calls and
/// the call patterns' outlines grow with the estate, not with the run. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class BehaviourSpill : IDisposable
{
    private readonly SpillFile _file = new("anomaly-behaviour");
    private readonly KeyNumbers<(string Service, string Signal)> _logs = new();
    private readonly KeyNumbers<(string Service, string Signal)> _metrics = new();
    private readonly KeyNumbers<(string Service, string Operation, string Pattern)> _calls = new();
    private readonly KeyNumbers<(string Caller, string Callee, double TransitMs)> _transits = new();
    private readonly KeyNumbers<(string Caller, string Callee, double TransitMs)> _handovers = new();
    private readonly List<OperationEdge> _operationCalls = [];
    private readonly Dictionary<string, CallPatternOutline> _patternOutlines = new(StringComparer.Ordinal);
    private readonly List<ServiceInstances> _instances = [];
    private int _segments;

    public void Add(DetectionCompleted completed)
    {
        ArgumentNullException.ThrowIfNull(completed);
        var writer = _file.Writer;
        var logs = completed.Behaviour ?? [];
        writer.Write(logs.Count);
        foreach (var count in logs)
        {
            Write(writer, _logs.NumberOf((count.Service, count.Template)), count.Minute);
            writer.Write(count.Count);
        }

        var peaks = completed.MetricPeaks ?? [];
        writer.Write(peaks.Count);
        foreach (var peak in peaks)
        {
            Write(writer, _metrics.NumberOf((peak.Service, peak.Name)), peak.Minute);
            writer.Write(peak.Max);
        }

        var calls = completed.CallPatterns ?? [];
        writer.Write(calls.Count);
        foreach (var count in calls)
        {
            Write(writer, _calls.NumberOf((count.Service, count.Operation, count.Pattern)), count.Minute);
            writer.Write(count.Count);
        }

        WriteTransits(writer, _transits, completed.CallTransits ?? []);
        WriteTransits(writer, _handovers, completed.LogHandovers ?? []);

        _operationCalls.AddRange(completed.OperationEdges ?? []);
        _instances.AddRange(completed.Instances ?? []);
        foreach (var outline in completed.CallPatternOutlines ?? [])
        {
            _patternOutlines.TryAdd(outline.Pattern, outline);
        }

        _segments++;
    }

    /// <summary>The run's behaviour from every segment added, in the order added (each call reads the file again).</summary>
    public RunBehaviour Build()
    {
        var builder = new RunBehaviour.Builder();
        builder.AddOperationCalls(_operationCalls);
        builder.AddInstances(_instances);
        foreach (var (pattern, outline) in _patternOutlines)
        {
            builder.CallPatternOutlines.TryAdd(pattern, outline);
        }

        if (_segments == 0)
        {
            return builder.Build();
        }

        var logs = new List<(long Minute, int Count)>[_logs.Count];
        var metrics = new List<(long Minute, double Max)>[_metrics.Count];
        var calls = new List<(long Minute, int Count)>[_calls.Count];
        var transits = new List<(long Minute, int Count)>[_transits.Count];
        var handovers = new List<(long Minute, int Count)>[_handovers.Count];
        using (var reader = _file.OpenReader())
        {
            for (var segment = 0; segment < _segments; segment++)
            {
                ReadCounts(reader, logs);
                for (var i = reader.ReadInt32(); i > 0; i--)
                {
                    var (number, minute) = Read(reader);
                    (metrics[number] ??= []).Add((minute, reader.ReadDouble()));
                }

                ReadCounts(reader, calls);
                ReadCounts(reader, transits);
                ReadCounts(reader, handovers);
            }
        }

        // Keys in the order they first arrived, as adding the segments' lists one by one would have put them.
        Fill(builder.Logs.Cells, _logs, logs);
        Fill(builder.Metrics.Cells, _metrics, metrics);
        Fill(builder.Calls.Cells, _calls, calls);
        Fill(builder.Transits.Cells, _transits, transits);
        Fill(builder.Handovers.Cells, _handovers, handovers);
        return builder.Build();
    }

    public void Dispose() => _file.Dispose();

    private static void Write(BinaryWriter writer, int number, DateTime minute)
    {
        writer.Write7BitEncodedInt(number);
        writer.Write(MinuteSeries.MinuteOf(minute));
    }

    private static (int Number, long Minute) Read(BinaryReader reader) => (reader.Read7BitEncodedInt(), reader.ReadInt64());

    private static void WriteTransits(BinaryWriter writer, KeyNumbers<(string Caller, string Callee, double TransitMs)> keys, IReadOnlyList<CallTransitCount> counts)
    {
        writer.Write(counts.Count);
        foreach (var count in counts)
        {
            Write(writer, keys.NumberOf((count.CallerService, count.CalleeService, count.TransitMs)), count.Minute);
            writer.Write(count.Count);
        }
    }

    /// <summary>One segment's per-minute counts of one signal (log templates, call patterns, transits, hand-overs), into each key's readings.</summary>
    private static void ReadCounts(BinaryReader reader, List<(long Minute, int Count)>[] readings)
    {
        for (var i = reader.ReadInt32(); i > 0; i--)
        {
            var (number, minute) = Read(reader);
            (readings[number] ??= []).Add((minute, reader.ReadInt32()));
        }
    }

    /// <summary>Puts each key's readings into <paramref name="cells"/>, keys in number order.</summary>
    private static void Fill<TKey, T>(Dictionary<TKey, List<(long Minute, T Value)>> cells, KeyNumbers<TKey> keys, List<(long Minute, T Value)>[] readings)
        where TKey : notnull
    {
        for (var number = 0; number < keys.Count; number++)
        {
            cells[keys[number]] = readings[number] ?? [];
        }
    }
}
