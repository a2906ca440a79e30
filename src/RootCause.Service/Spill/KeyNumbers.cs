namespace AnomalyPlatform.RootCause.Spill;

/// <summary>
/// Numbers keys 0, 1, 2, … in the order they first arrive, so that a <see cref="SpillFile"/> holds a number where a
/// run repeats a name; the keys stay in memory and grow with the estate's vocabulary, not with the run.
/// </summary>
internal sealed class KeyNumbers<TKey>
    where TKey : notnull
{
    private readonly Dictionary<TKey, int> _numbers;
    private readonly List<TKey> _keys = [];

    public KeyNumbers(IEqualityComparer<TKey>? comparer = null) => _numbers = new Dictionary<TKey, int>(comparer);

    public int Count => _keys.Count;

    /// <summary>The key numbered <paramref name="number"/>.</summary>
    public TKey this[int number] => _keys[number];

    /// <summary>Whether <paramref name="key"/> has a number, and which.</summary>
    public bool TryGetNumber(TKey key, out int number) => _numbers.TryGetValue(key, out number);

    /// <summary>The key's number, given it now if it has none.</summary>
    public int NumberOf(TKey key)
    {
        if (!_numbers.TryGetValue(key, out var number))
        {
            number = _keys.Count;
            _keys.Add(key);
            _numbers.Add(key, number);
        }

        return number;
    }
}
