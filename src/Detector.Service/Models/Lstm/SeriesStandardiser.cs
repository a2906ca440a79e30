namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// Per (series, column) median and robust scale, learned on the training matrix, that put every series on the same
/// footing before the network sees it: a busy and a quiet service then share one set of weights.
/// </summary>
internal sealed class SeriesStandardiser
{
    private readonly double[] _centers;
    private readonly double[] _scales;

    public SeriesStandardiser(int columns, int groupCount, double[] centers, double[] scales)
    {
        if (centers.Length != columns * groupCount || scales.Length != columns * groupCount)
        {
            throw new ArgumentException($"Expected {columns * groupCount} centers and scales.");
        }

        Columns = columns;
        GroupCount = groupCount;
        _centers = centers;
        _scales = scales;
    }

    public int Columns { get; }

    public int GroupCount { get; }

    internal ReadOnlySpan<double> Centers => _centers;

    internal ReadOnlySpan<double> Scales => _scales;

    public double CenterOf(int column, int group) => _centers[group * Columns + column];

    public double ScaleOf(int column, int group) => _scales[group * Columns + column];

    /// <summary>
    /// Learns median and σ-consistent MAD per cell (mean absolute deviation when the MAD is 0, see
    /// <see cref="RobustStatistics.MedianAndScale"/>), floored by <paramref name="minScales"/>. A cell without finite
    /// values gets center 0 and scale 1, so its (absent) values standardise to 0.
    /// </summary>
    public static SeriesStandardiser Fit(FeatureMatrix data, IReadOnlyList<double>? minScales)
    {
        var columns = data.Columns;
        var index = GroupIndex.Build(data.Groups, data.GroupCount);
        var centers = new double[columns * data.GroupCount];
        var scales = new double[columns * data.GroupCount];
        var scratch = new double[Math.Max(1, data.Rows)];
        for (var group = 0; group < data.GroupCount; group++)
        {
            var rows = index.RowsOf(group);
            for (var column = 0; column < columns; column++)
            {
                var count = 0;
                foreach (var row in rows)
                {
                    var value = data[row, column];
                    if (double.IsFinite(value))
                    {
                        scratch[count++] = value;
                    }
                }

                var cell = group * columns + column;
                if (count == 0)
                {
                    centers[cell] = 0;
                    scales[cell] = 1;
                    continue;
                }

                var (median, scale) = RobustStatistics.MedianAndScale(scratch.AsSpan(0, count));
                // A constant series still needs a finite scale: any change from its constant is then a large (clipped) z.
                var floor = Math.Max(minScales?[column] ?? 0, Math.Max(1e-9 * Math.Abs(median), 1e-12));
                centers[cell] = median;
                scales[cell] = Math.Max(scale, floor);
            }
        }

        return new SeriesStandardiser(columns, data.GroupCount, centers, scales);
    }

    /// <summary>The standardised value, clipped to ±<paramref name="clip"/>; a missing (NaN) value becomes the series' median, 0.</summary>
    public double Standardise(double value, int column, int group, double clip)
    {
        if (!double.IsFinite(value))
        {
            return double.IsNaN(value) ? 0.0 : Math.CopySign(clip, value);
        }

        var cell = group * Columns + column;
        return Math.Clamp((value - _centers[cell]) / _scales[cell], -clip, clip);
    }
}
