using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Segments;

/// <summary>
/// Cuts a run's record stream into detection segments (<see cref="TelemetrySegment"/> messages of the run) of <c>segmentRecords</c> records, each with up to
/// <c>contextRecords</c> records of the previous and the next segment around it, so that a detector can analyse a
/// segment alone: a span's parent in the neighbouring segment is still found, and baselines and counting windows at
/// the segment's edges still have data on both sides. Holds at most one segment and two contexts in memory; emits each
/// segment as soon as its trailing context is in. A run no longer than one segment is one segment without context.
/// Segments may also be cut where the caller chooses (<c>ends</c>: <c>analyze</c> cuts a user's telemetry at its quiet
/// moments, <see cref="QuietCuts"/>), each no longer than <c>segmentRecords</c>, and some of those cuts made breaks
/// (<c>breaks</c>: two recordings hours apart), across which no context is given: records of another recording are no
/// baseline for this one's edge.
/// </summary>
public sealed class SegmentAssembler
{
    private readonly string _runId;
    private readonly long _runRecords;
    private readonly long[] _ends;
    private readonly int _contextRecords;
    private readonly HashSet<long> _breaks;
    private readonly List<TelemetryRecord> _held = [];
    private long _heldFrom;
    private long _received;
    private int _next;

    /// <param name="ends">Where each segment ends (exclusive, ascending, the last at <paramref name="runRecords"/>, none
    /// longer than <paramref name="segmentRecords"/>); null cuts every <paramref name="segmentRecords"/> records.</param>
    /// <param name="breaks">Those of <paramref name="ends"/> across which neither segment takes the other's records as context.</param>
    public SegmentAssembler(string runId, long runRecords, int segmentRecords, int contextRecords, IReadOnlyList<long>? ends = null, IReadOnlyCollection<long>? breaks = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(runId);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runRecords);
        _runId = runId;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentRecords);
        ArgumentOutOfRangeException.ThrowIfNegative(contextRecords);
        _runRecords = runRecords;
        _ends = ends is null
            ? [.. Enumerable.Range(1, CountSegments(runRecords, segmentRecords)).Select(i => Math.Min(runRecords, (long)i * segmentRecords))]
            : [.. ends];
        for (var i = 0; i < _ends.Length; i++)
        {
            var length = _ends[i] - (i == 0 ? 0 : _ends[i - 1]);
            if (length <= 0 || length > segmentRecords || (i == _ends.Length - 1 && _ends[i] != runRecords))
            {
                throw new ArgumentException($"Segment {i} would end at record {_ends[i]}: segments must be ascending, at most {segmentRecords} records each, the last ending at {runRecords}.", nameof(ends));
            }
        }

        _breaks = [.. breaks ?? []];
        foreach (var cut in _breaks)
        {
            if (Array.IndexOf(_ends, cut) < 0 || cut == runRecords)
            {
                throw new ArgumentException($"A break at record {cut} is not where one segment ends and the next begins.", nameof(breaks));
            }
        }

        // More context than a segment would need records two segments away: at most the shortest segment but the last,
        // whose own shortness the trailing context allows for, of those that lend any (a recording of one segment
        // between two breaks lends none, so a short day beside a long one leaves the long one's context as alone).
        var shortest = (long)segmentRecords;
        for (var i = 0; i < _ends.Length - 1; i++)
        {
            var start = i == 0 ? 0 : _ends[i - 1];
            if (!_breaks.Contains(_ends[i]) || (start > 0 && !_breaks.Contains(start)))
            {
                shortest = Math.Min(shortest, _ends[i] - start);
            }
        }

        _contextRecords = (int)Math.Min(contextRecords, shortest);
        SegmentCount = _ends.Length;
    }

    public int SegmentCount { get; }

    /// <summary>How many segments of <paramref name="segmentRecords"/> a run of <paramref name="runRecords"/> is cut into.</summary>
    public static int CountSegments(long runRecords, int segmentRecords)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(runRecords);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(segmentRecords);
        return checked((int)((runRecords + segmentRecords - 1) / segmentRecords));
    }

    /// <summary>Takes the next records of the run, in order, and returns the segments they complete (often none).</summary>
    /// <exception cref="InvalidOperationException">More records than the run holds.</exception>
    public IReadOnlyList<TelemetrySegment> Add(IReadOnlyList<TelemetryRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        if (_received + records.Count > _runRecords)
        {
            throw new InvalidOperationException($"The run was announced with {_runRecords} records; record {_received + records.Count} is one too many.");
        }

        _held.AddRange(records);
        _received += records.Count;
        var completed = new List<TelemetrySegment>();
        while (_next < SegmentCount && _received >= End(_next) + TrailingContextOf(_next))
        {
            completed.Add(Cut(_next++));
        }

        return completed;
    }

    /// <summary>Checks that every segment has been emitted, which happens with the run's last record.</summary>
    /// <exception cref="InvalidOperationException">The run ended early.</exception>
    public void EnsureComplete()
    {
        if (_next < SegmentCount)
        {
            throw new InvalidOperationException($"The run was announced with {_runRecords} records but ended after {_received}; segment {_next} of {SegmentCount} is incomplete.");
        }
    }

    private TelemetrySegment Cut(int index)
    {
        var start = Start(index);
        var leading = _breaks.Contains(start) ? 0 : (int)Math.Min(_contextRecords, start);
        var trailing = TrailingContextOf(index);
        var from = start - leading;
        var count = (int)(End(index) + trailing - from);
        var records = _held.GetRange((int)(from - _heldFrom), count).ToArray();

        // Keep only what the next segment reads: its leading context and on.
        var keepFrom = End(index) - Math.Min(_contextRecords, End(index));
        _held.RemoveRange(0, (int)(keepFrom - _heldFrom));
        _heldFrom = keepFrom;
        return new TelemetrySegment(index, SegmentCount, _runRecords, leading, trailing, records) { RunId = _runId };
    }

    private long Start(int index) => index == 0 ? 0 : _ends[index - 1];

    private long End(int index) => _ends[index];

    private int TrailingContextOf(int index) => _breaks.Contains(End(index)) ? 0 : (int)Math.Min(_contextRecords, _runRecords - End(index));
}
