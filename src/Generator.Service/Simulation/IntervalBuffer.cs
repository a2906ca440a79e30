namespace AnomalyPlatform.Generator;

/// <summary>
/// The records of one simulated interval. Records stamped after the interval's end (late children, delayed symptoms)
/// are carried into the next interval, so the emitted stream is ordered by timestamp.
/// </summary>
internal sealed class IntervalBuffer
{
    private PendingRecord[] _items = new PendingRecord[1024];
    private PendingRecord[] _sorted = new PendingRecord[1024];
    private SortKey[] _order = new SortKey[1024];
    private PendingRecord[] _carried = new PendingRecord[64];
    private int _carriedCount;
    private long _nextSequence;

    public int Count { get; private set; }

    public PendingRecord[] Items => _items;

    /// <summary>Starts a new interval, taking in the records carried over from the previous one.</summary>
    public void Begin()
    {
        Count = 0;
        for (var i = 0; i < _carriedCount; i++)
        {
            Reserve() = _carried[i];
        }

        _carriedCount = 0;
    }

    /// <summary>Adds a blank record (normal, not dropped, next sequence) and returns its slot index.</summary>
    public int Add()
    {
        ref var slot = ref Reserve();
        slot = default;
        slot.Incident = -1;
        slot.Sequence = _nextSequence++;
        return Count - 1;
    }

    public ref PendingRecord this[int index] => ref _items[index];

    /// <summary>Removes dropped records, sorts by time, and moves records at or after <paramref name="endTicks"/> to the next interval.</summary>
    public void Finish(long endTicks)
    {
        var kept = 0;
        for (var i = 0; i < Count; i++)
        {
            if (_items[i].Dropped)
            {
                continue;
            }

            if (_items[i].Ticks >= endTicks)
            {
                if (_carriedCount == _carried.Length)
                {
                    Array.Resize(ref _carried, _carried.Length * 2);
                }

                _carried[_carriedCount++] = _items[i];
                continue;
            }

            _items[kept++] = _items[i];
        }

        Count = kept;
        SortByTimeThenSequence();
    }

    /// <summary>
    /// Sorts the records by their keys alone and then moves each once: a comparison of two whole records copied them
    /// both, and sorting was a tenth of generation's time. The keys (ticks, sequence) are unique, so any correct sort
    /// gives the one order.
    /// </summary>
    private void SortByTimeThenSequence()
    {
        if (_order.Length < Count)
        {
            _order = new SortKey[_items.Length];
        }

        if (_sorted.Length < _items.Length)
        {
            _sorted = new PendingRecord[_items.Length];
        }

        for (var i = 0; i < Count; i++)
        {
            _order[i] = new SortKey(_items[i].Ticks, _items[i].Sequence, i);
        }

        _order.AsSpan(0, Count).Sort();
        for (var i = 0; i < Count; i++)
        {
            _sorted[i] = _items[_order[i].Index];
        }

        (_items, _sorted) = (_sorted, _items);
    }

    private ref PendingRecord Reserve()
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        return ref _items[Count++];
    }

    private readonly record struct SortKey(long Ticks, long Sequence, int Index) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other) => Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : Sequence.CompareTo(other.Sequence);
    }
}
