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

    /// <summary>
    /// Gives the ids anew in the order <paramref name="columns"/> reference them (row by row, column by column) and
    /// rewrites those columns: the ids then no longer depend on the order in which batches arrived.
    /// </summary>
    public void RenumberByFirstUse(params Column<int>[] columns)
    {
        var newIds = new int[_values.Count];
        Array.Fill(newIds, Missing);
        var values = new List<string>(_values.Count);
        var rows = columns.Length == 0 ? 0 : columns[0].Count;
        for (var row = 0; row < rows; row++)
        {
            foreach (var column in columns)
            {
                var id = column[row];
                if (id != Missing && newIds[id] == Missing)
                {
                    newIds[id] = values.Count;
                    values.Add(_values[id]);
                }
            }
        }

        // Strings no remaining row uses (left by an undone batch) keep ids after the used ones.
        for (var id = 0; id < newIds.Length; id++)
        {
            if (newIds[id] == Missing)
            {
                newIds[id] = values.Count;
                values.Add(_values[id]);
            }
        }

        foreach (var column in columns)
        {
            column.Map(id => id == Missing ? Missing : newIds[id]);
        }

        _values.Clear();
        _values.AddRange(values);
        _ids.Clear();
        for (var id = 0; id < _values.Count; id++)
        {
            _ids[_values[id]] = id;
        }
    }
}
