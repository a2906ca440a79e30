namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Records kept whose value in a column was not understood (a span's status, <see cref="SpanStatusText"/>; a log
/// line's level, <see cref="SeverityText"/>) and so read as the column's default: how many, where the first was, and
/// the values written, the most frequent first, so that a user can see what their exporter writes.
/// </summary>
internal sealed class UnknownValues
{
    /// <summary>How many distinct values are counted by name; the rest are counted together.</summary>
    private const int ValuesKept = 5;

    private readonly Dictionary<string, long> _byValue = new(StringComparer.Ordinal);

    public long Count { get; private set; }

    /// <summary>Where the first was: file and line.</summary>
    public string? First { get; private set; }

    /// <summary>The values written, with how many spans carried each, the most first (then by value).</summary>
    public IReadOnlyList<(string Value, long Count)> ByValue =>
        [.. _byValue.OrderByDescending(static v => v.Value).ThenBy(static v => v.Key, StringComparer.Ordinal).Select(static v => (v.Key, v.Value))];

    /// <summary>Spans of values beyond the first few distinct ones.</summary>
    public long OtherValues { get; private set; }

    public void Add(string path, long line, string value)
    {
        Count++;
        First ??= $"{path}, line {line}";
        if (_byValue.TryGetValue(value, out var count) || _byValue.Count < ValuesKept)
        {
            _byValue[value] = count + 1;
        }
        else
        {
            OtherValues++;
        }
    }
}
