using System.Buffers;
using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// A fitted <see cref="StatisticalDetector"/>: per (feature, series) medians and robust scales, immutable.
/// The score of a row is its largest robust |z| over the features (and over the EWMA residuals, when enabled), or its
/// largest positive z when only the upper tail counts.
/// </summary>
public sealed class FittedStatisticalDetector : IFittedOutlierDetector, IFeatureAttribution
{
    private readonly StatisticalDetectorOptions _options;
    private readonly Baseline[] _values;
    private readonly Baseline[] _residuals;

    internal FittedStatisticalDetector(
        StatisticalDetectorOptions options, int columns, int groupCount, Baseline[] values, Baseline[] residuals, double threshold)
    {
        _options = options;
        Columns = columns;
        GroupCount = groupCount;
        _values = values;
        _residuals = residuals;
        Threshold = threshold;
    }

    public string Name => _options.Name;

    public double Threshold { get; }

    public int Columns { get; }

    public int GroupCount { get; }

    /// <summary>The learned median and scale of <paramref name="column"/> in series <paramref name="group"/>.</summary>
    public Baseline BaselineOf(int column, int group) => _values[column * GroupCount + group];

    internal FittedStatisticalDetector WithThreshold(double threshold) =>
        new(_options, Columns, GroupCount, _values, _residuals, threshold);

    public void Score(FeatureMatrix data, Span<double> scores) => Score(data, scores, [], []);

    public void Score(FeatureMatrix data, Span<double> scores, Span<int> drivingFeature) => Score(data, scores, drivingFeature, []);

    /// <summary>
    /// Scores every row; where the spans are not empty, also writes the column that gave the largest |z| (-1 when no
    /// feature had a reliable baseline) and whether that |z| came from the EWMA residual rather than the value.
    /// </summary>
    public void Score(FeatureMatrix data, Span<double> scores, Span<int> drivingFeature, Span<bool> fromEwma)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Columns != Columns || data.GroupCount != GroupCount)
        {
            throw new ArgumentException(
                $"The model was fitted on {Columns} columns × {GroupCount} groups; the data has {data.Columns} × {data.GroupCount}.", nameof(data));
        }

        if (scores.Length < data.Rows)
        {
            throw new ArgumentException("The score span is shorter than the number of rows.", nameof(scores));
        }

        var attribute = !drivingFeature.IsEmpty;
        var explainMethod = !fromEwma.IsEmpty;
        scores[..data.Rows].Clear();
        if (attribute)
        {
            drivingFeature[..data.Rows].Fill(-1);
        }

        if (explainMethod)
        {
            fromEwma[..data.Rows].Clear();
        }

        var index = GroupIndex.Build(data.Groups, data.GroupCount);
        var buffer = ArrayPool<double>.Shared.Rent(Math.Max(1, data.Rows));
        try
        {
            for (var column = 0; column < Columns; column++)
            {
                for (var group = 0; group < GroupCount; group++)
                {
                    var rows = index.RowsOf(group);
                    var cell = column * GroupCount + group;
                    var values = _values[cell];
                    if (rows.IsEmpty || !values.IsReliable)
                    {
                        continue;
                    }

                    var z = buffer.AsSpan(0, rows.Length);
                    for (var i = 0; i < rows.Length; i++)
                    {
                        z[i] = data[rows[i], column];
                    }

                    AbsoluteZ(z, values, _options.UpperTailOnly);
                    Merge(z, rows, column, ewma: false, scores, drivingFeature, fromEwma);

                    if (_options.EwmaAlpha is { } alpha && _residuals[cell].IsReliable)
                    {
                        ClippedEwma.Residuals(data, column, rows, values, alpha, _options.EwmaClipSigmas, z);
                        AbsoluteZ(z, _residuals[cell], _options.UpperTailOnly);
                        Merge(z, rows, column, ewma: true, scores, drivingFeature, fromEwma);
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private static void AbsoluteZ(Span<double> values, Baseline baseline, bool upperTailOnly)
    {
        TensorPrimitives.Subtract(values, baseline.Center, values);
        if (upperTailOnly)
        {
            TensorPrimitives.Max(values, 0.0, values);
        }
        else
        {
            TensorPrimitives.Abs(values, values);
        }

        TensorPrimitives.Divide(values, baseline.Scale, values);
        if (baseline.Count > 1)
        {
            ToNormalEquivalent(values, baseline.Count - 1);
        }
    }

    /// <summary>
    /// Replaces each z, whose scale was estimated from ν + 1 values, by the normal deviate of the same tail probability
    /// under Student's t with ν degrees of freedom (Wallace's approximation, (8ν + 1)/(8ν + 3)·√(ν·ln(1 + z²/ν)), good to
    /// a few hundredths where it matters). A scale from eighteen readings (a short run's metric series, one a minute) or
    /// eleven spans can be several times too narrow by chance, and a z limit meant for a known σ then flags ordinary
    /// values; over a long run's thousands of values the change is nothing. Counting the scale's uncertainty as a
    /// standard deviation's (ν = n − 1) is the least correction: a MAD is the noisier estimate.
    /// </summary>
    private static void ToNormalEquivalent(Span<double> z, int degrees)
    {
        var nu = (double)degrees;
        var shrink = (8 * nu + 1) / (8 * nu + 3);
        // One value at a time: a vectorised logarithm may round a value differently depending on its neighbours in the
        // vector, and those on where the buffer lies (see OrderedMath), so equal inputs could give unequal scores.
        for (var i = 0; i < z.Length; i++)
        {
            z[i] = shrink * Math.Sqrt(nu * Math.Log(1 + z[i] * z[i] * (1 / nu)));
        }
    }

    private static void Merge(
        ReadOnlySpan<double> z, ReadOnlySpan<int> rows, int column, bool ewma, Span<double> scores, Span<int> drivingFeature, Span<bool> fromEwma)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            var value = z[i];
            var row = rows[i];
            // NaN (a feature that does not apply) never wins; ties keep the earlier column and the value over the EWMA.
            if (value > scores[row])
            {
                scores[row] = value;
                if (!drivingFeature.IsEmpty)
                {
                    drivingFeature[row] = column;
                }

                if (!fromEwma.IsEmpty)
                {
                    fromEwma[row] = ewma;
                }
            }
        }
    }
}
