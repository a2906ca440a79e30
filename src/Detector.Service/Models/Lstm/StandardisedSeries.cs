namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// A feature matrix standardised and laid out series after series (each in its time order), so that a sliding
/// window is one contiguous T × F block; with the list of every window's first position.
/// </summary>
internal sealed class StandardisedSeries
{
    private StandardisedSeries(int columns, double[] values, int[] originalRows, int[] windowStarts, int[] groupWindowOffsets)
    {
        Columns = columns;
        Values = values;
        OriginalRows = originalRows;
        WindowStarts = windowStarts;
        GroupWindowOffsets = groupWindowOffsets;
    }

    public int Columns { get; }

    /// <summary>Positions × columns, row-major.</summary>
    public double[] Values { get; }

    /// <summary>The matrix row at each position.</summary>
    public int[] OriginalRows { get; }

    /// <summary>Every window of the given length that stays inside one series, stride 1, by first position.</summary>
    public int[] WindowStarts { get; }

    /// <summary>The windows of group g are <see cref="WindowStarts"/>[offsets[g]..offsets[g + 1]]; groups never share a position.</summary>
    public int[] GroupWindowOffsets { get; }

    public ReadOnlySpan<double> Window(int start, int length) => Values.AsSpan(start * Columns, length * Columns);

    public static StandardisedSeries Build(FeatureMatrix data, SeriesStandardiser standardiser, double clip, int windowLength)
    {
        var columns = data.Columns;
        var index = GroupIndex.Build(data.Groups, data.GroupCount);
        var values = new double[data.Rows * columns];
        var originalRows = new int[data.Rows];
        var windowCount = 0;
        for (var group = 0; group < data.GroupCount; group++)
        {
            windowCount += Math.Max(0, index.RowsOf(group).Length - windowLength + 1);
        }

        var windowStarts = new int[windowCount];
        var groupWindowOffsets = new int[data.GroupCount + 1];
        var position = 0;
        var window = 0;
        for (var group = 0; group < data.GroupCount; group++)
        {
            groupWindowOffsets[group] = window;
            var rows = index.RowsOf(group);
            var first = position;
            foreach (var row in rows)
            {
                originalRows[position] = row;
                for (var column = 0; column < columns; column++)
                {
                    values[position * columns + column] = standardiser.Standardise(data[row, column], column, group, clip);
                }

                position++;
            }

            for (var start = first; start + windowLength <= position; start++)
            {
                windowStarts[window++] = start;
            }
        }

        groupWindowOffsets[data.GroupCount] = window;
        return new StandardisedSeries(columns, values, originalRows, windowStarts, groupWindowOffsets);
    }
}
