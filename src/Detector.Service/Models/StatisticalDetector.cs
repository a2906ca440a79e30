using System.Buffers;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// Per-series robust z-score detector: for every feature column and every group (series) it learns the median and
/// the MAD-based scale, optionally also of the residuals against a clipped EWMA, and scores a row by its largest
/// |z|. Plain mean/σ z-scores are not used because a few large outliers inflate σ and hide themselves (masking).
/// </summary>
public sealed class StatisticalDetector(StatisticalDetectorOptions options) : IOutlierDetector
{
    public StatisticalDetectorOptions Options { get; } = Validated(options);

    public string Name => Options.Name;

    IFittedOutlierDetector IOutlierDetector.Fit(FeatureMatrix training, CancellationToken cancellationToken) =>
        Fit(training, cancellationToken);

    public FittedStatisticalDetector Fit(FeatureMatrix training, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(training);
        var index = GroupIndex.Build(training.Groups, training.GroupCount);
        var cells = training.Columns * training.GroupCount;
        var valueBaseline = new Baseline[cells];
        var residualBaseline = new Baseline[cells];
        var scratch = ArrayPool<double>.Shared.Rent(Math.Max(1, training.Rows));
        try
        {
            for (var column = 0; column < training.Columns; column++)
            {
                for (var group = 0; group < training.GroupCount; group++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var rows = index.RowsOf(group);
                    var cell = column * training.GroupCount + group;
                    valueBaseline[cell] = LearnBaseline(Gather(training, column, rows, scratch));
                    if (Options.EwmaAlpha is { } alpha && valueBaseline[cell].IsReliable)
                    {
                        var residuals = scratch.AsSpan(0, rows.Length);
                        ClippedEwma.Residuals(training, column, rows, valueBaseline[cell], alpha, Options.EwmaClipSigmas, residuals);
                        residualBaseline[cell] = LearnBaseline(CompactFinite(residuals));
                    }
                    else
                    {
                        residualBaseline[cell] = Baseline.Unreliable;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(scratch);
        }

        if (Options.ModerateScales)
        {
            for (var column = 0; column < training.Columns; column++)
            {
                ModeratedScales.Moderate(valueBaseline.AsSpan(column * training.GroupCount, training.GroupCount), Options.MinScale);
            }
        }

        var unthresholded = new FittedStatisticalDetector(Options, training.Columns, training.GroupCount, valueBaseline, residualBaseline, Options.ZThreshold);
        if (Options.Contamination is not { } contamination)
        {
            return unthresholded;
        }

        var scores = new double[training.Rows];
        unthresholded.Score(training, scores);
        return unthresholded.WithThreshold(ContaminationThreshold.FromScores(scores, contamination));
    }

    private Baseline LearnBaseline(Span<double> finiteValues)
    {
        if (finiteValues.Length < Options.MinGroupSize)
        {
            return Baseline.Unreliable;
        }

        var (median, scale) = RobustStatistics.MedianAndScale(finiteValues);
        return new Baseline(median, Math.Max(scale, ScaleFloor(Options.MinScale, median)), finiteValues.Length);
    }

    /// <summary>A series that never varies still needs a finite scale: any change from its constant is then a large z.</summary>
    internal static double ScaleFloor(double minScale, double center) => Math.Max(minScale, Math.Max(1e-9 * Math.Abs(center), 1e-12));

    private static Span<double> Gather(FeatureMatrix data, int column, ReadOnlySpan<int> rows, double[] scratch)
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

        return scratch.AsSpan(0, count);
    }

    private static Span<double> CompactFinite(Span<double> values)
    {
        var count = 0;
        foreach (var value in values)
        {
            if (double.IsFinite(value))
            {
                values[count++] = value;
            }
        }

        return values[..count];
    }

    private static StatisticalDetectorOptions Validated(StatisticalDetectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}

/// <summary>Center and scale learned for one (feature, series) cell, from <paramref name="Count"/> values (0: not known).</summary>
public readonly record struct Baseline(double Center, double Scale, int Count = 0)
{
    public static Baseline Unreliable { get; } = new(double.NaN, double.NaN);

    public bool IsReliable => double.IsFinite(Center) && Scale > 0;
}
