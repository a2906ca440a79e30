namespace AnomalyPlatform.Detector.Models;

/// <summary>Rows bucketed by group (compressed sparse rows), keeping each group's rows in their original order.</summary>
internal sealed class GroupIndex
{
    private readonly int[] _offsets;
    private readonly int[] _rows;

    private GroupIndex(int[] offsets, int[] rows)
    {
        _offsets = offsets;
        _rows = rows;
    }

    public int GroupCount => _offsets.Length - 1;

    public ReadOnlySpan<int> RowsOf(int group) => _rows.AsSpan(_offsets[group], _offsets[group + 1] - _offsets[group]);

    public static GroupIndex Build(ReadOnlySpan<int> groups, int groupCount)
    {
        var offsets = new int[groupCount + 1];
        foreach (var group in groups)
        {
            offsets[group + 1]++;
        }

        for (var g = 0; g < groupCount; g++)
        {
            offsets[g + 1] += offsets[g];
        }

        var next = offsets[..^1].ToArray();
        var rows = new int[groups.Length];
        for (var row = 0; row < groups.Length; row++)
        {
            rows[next[groups[row]]++] = row;
        }

        return new GroupIndex(offsets, rows);
    }
}
