using System.Runtime.InteropServices;

namespace AnomalyPlatform.Detector.Features;

/// <summary>Interns strings into dense ids, so that feature columns hold ints instead of references.</summary>
internal sealed class StringTable
{
    public const int Missing = -1;

    private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
    private readonly List<string> _values = [];

    public int Count => _values.Count;

    public string this[int id] => _values[id];

    public int Intern(string value)
    {
        ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, value, out var exists);
        if (!exists)
        {
            id = _values.Count;
            _values.Add(value);
        }

        return id;
    }

    /// <summary>The id of <paramref name="value"/>, or <see cref="Missing"/> for null.</summary>
    public int InternNullable(string? value) => value is null ? Missing : Intern(value);
}
