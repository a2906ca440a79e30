namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// The input of every detector: a dense row-major block of features, one row per observation, with an optional
/// series (group) id per row. NaN marks a feature that does not apply to a row.
/// </summary>
/// <remarks>
/// Rows of one group must be in time order: series-aware detectors (EWMA, later the LSTM) read them in that order,
/// and detectors that ignore groups (Isolation Forest) simply see one matrix.
/// </remarks>
public sealed class FeatureMatrix
{
    private readonly double[] _values;
    private readonly int[] _groups;

    /// <param name="values">Row-major, <paramref name="rows"/> × column count; kept, not copied.</param>
    /// <param name="groups">Series id per row, in 0..<paramref name="groupCount"/>-1; null puts every row in group 0.</param>
    public FeatureMatrix(int rows, IReadOnlyList<string> columnNames, double[] values, int[]? groups = null, int groupCount = 1)
    {
        ArgumentNullException.ThrowIfNull(columnNames);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        if (columnNames.Count == 0)
        {
            throw new ArgumentException("A feature matrix needs at least one column.", nameof(columnNames));
        }

        if (values.Length != rows * columnNames.Count)
        {
            throw new ArgumentException($"Expected {rows} × {columnNames.Count} values, got {values.Length}.", nameof(values));
        }

        if (groups is not null)
        {
            if (groups.Length != rows)
            {
                throw new ArgumentException($"Expected {rows} group ids, got {groups.Length}.", nameof(groups));
            }

            foreach (var group in groups)
            {
                if ((uint)group >= (uint)groupCount)
                {
                    throw new ArgumentOutOfRangeException(nameof(groups), group, $"Group ids must lie in 0..{groupCount - 1}.");
                }
            }
        }

        Rows = rows;
        ColumnNames = columnNames;
        _values = values;
        _groups = groups ?? new int[rows];
        GroupCount = groups is null ? 1 : groupCount;
    }

    public int Rows { get; }

    public int Columns => ColumnNames.Count;

    public IReadOnlyList<string> ColumnNames { get; }

    public int GroupCount { get; }

    /// <summary>The series id of every row.</summary>
    public ReadOnlySpan<int> Groups => _groups;

    public double this[int row, int column] => _values[row * Columns + column];

    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Columns, Columns);

    /// <summary>A matrix with one column, one value per row.</summary>
    public static FeatureMatrix SingleColumn(string columnName, double[] values, int[]? groups = null, int groupCount = 1) =>
        new(values.Length, [columnName], values, groups, groupCount);
}
