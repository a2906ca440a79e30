namespace AnomalyPlatform.Detector.Features;

/// <summary>A growable array of one field: the storage of a column in <see cref="TelemetryColumns"/>.</summary>
internal sealed class Column<T> where T : struct
{
    private T[] _items = new T[1024];

    public int Count { get; private set; }

    public ReadOnlySpan<T> Span => _items.AsSpan(0, Count);

    public T this[int index] => _items[index];

    public void Add(T item)
    {
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[Count++] = item;
    }

    /// <summary>Drops the items from <paramref name="count"/> on (used to undo a partly appended batch).</summary>
    public void Truncate(int count) => Count = Math.Min(Count, count);

    /// <summary>Reorders the items so that item i becomes the old item <c>order[i]</c>.</summary>
    public void Permute(ReadOnlySpan<int> order)
    {
        var permuted = new T[Math.Max(1, Count)];
        for (var i = 0; i < order.Length; i++)
        {
            permuted[i] = _items[order[i]];
        }

        _items = permuted;
    }

    /// <summary>Replaces every item by <paramref name="map"/> of it.</summary>
    public void Map(Func<T, T> map)
    {
        for (var i = 0; i < Count; i++)
        {
            _items[i] = map(_items[i]);
        }
    }
}
