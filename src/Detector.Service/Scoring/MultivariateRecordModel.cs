using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Runs one multivariate detector (Isolation Forest, One-Class SVM) on the run's shared features: one model fitted
/// per record kind, because a metric's z-scores and a log line's rarity do not live in one space. Each block gets its
/// own threshold (the detector's rule or contamination); the anomaly type of a row follows the feature that drove
/// its score (a slow span is a latency spike, an orphan a missing span).
/// </summary>
internal sealed class MultivariateRecordModel : IRecordModel
{
    /// <summary>Blocks with fewer rows are not scored: a forest or a kernel boundary on a handful of points is noise.</summary>
    public const int MinRows = 32;

    private static readonly Dictionary<string, byte> TypeOfFeature = new(StringComparer.Ordinal)
    {
        [MetricFeatureBuilder.ValueZ] = AnomalyTypeCodes.MetricSpike,
        [MetricFeatureBuilder.DeltaZ] = AnomalyTypeCodes.MetricSpike,
        [MetricFeatureBuilder.EwmaZ] = AnomalyTypeCodes.MetricSpike,
        [SpanFeatureBuilder.DurationZ] = AnomalyTypeCodes.LatencySpike,
        [SpanFeatureBuilder.ParentMissing] = AnomalyTypeCodes.MissingSpan,
        [LogFeatureBuilder.TemplateRarity] = AnomalyTypeCodes.ErrorLogBurst,
        [LogFeatureBuilder.ErrorSurprise] = AnomalyTypeCodes.ErrorLogBurst,
        [LogFeatureBuilder.CalleeErrorSurprise] = AnomalyTypeCodes.ErrorLogBurst,
        [EventFeatureBuilder.RateSurprise] = AnomalyTypeCodes.NoisyEvent,
        [EventFeatureBuilder.CalleeRateSurprise] = AnomalyTypeCodes.NoisyEvent,
        [EventFeatureBuilder.TypeRarity] = AnomalyTypeCodes.NoisyEvent,
    };

    private readonly Func<TelemetryKind, IOutlierDetector> _detectorFor;
    private readonly Func<double, double> _toEnsembleScale;

    /// <param name="detectorFor">A fresh, unfitted detector for one record kind.</param>
    /// <param name="toEnsembleScale">
    /// A monotone map of the detector's scores (and threshold) onto a scale that is 0 for the most normal rows and
    /// unbounded for anomalies, as the threshold-relative normalisation of the ensemble expects.
    /// </param>
    public MultivariateRecordModel(string name, Func<TelemetryKind, IOutlierDetector> detectorFor, Func<double, double> toEnsembleScale)
    {
        Name = name;
        _detectorFor = detectorFor;
        _toEnsembleScale = toEnsembleScale;
    }

    public string Name { get; }

    public ModelOutput Run(DetectionInput input, CancellationToken cancellationToken)
    {
        var n = input.Columns.Count;
        var raw = new double[n];
        Array.Fill(raw, double.NaN);
        var normalisedThreshold = new double[n];
        var flags = new bool[n];
        var types = new byte[n];
        Array.Fill(types, ModelOutput.NoType);
        var modelScore = new double[n];
        var blockOfRow = new int[n];
        var positionInBlock = new int[n];
        var blocks = input.Features.Blocks;
        var fitted = new IFittedOutlierDetector?[blocks.Count];
        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            if (block.Matrix.Rows < MinRows)
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var kind = KindName(block.Kind);
            IFittedOutlierDetector model;
            using (PipelineTelemetry.StartFit(Name, kind))
            {
                model = _detectorFor(block.Kind).Fit(block.Matrix, cancellationToken);
            }

            fitted[b] = model;
            var scores = new double[block.Matrix.Rows];
            using (PipelineTelemetry.StartScore(Name, kind))
            {
                model.Score(block.Matrix, scores);
            }

            var threshold = _toEnsembleScale(model.Threshold);
            for (var i = 0; i < scores.Length; i++)
            {
                var row = block.RecordRows[i];
                modelScore[row] = scores[i];
                raw[row] = _toEnsembleScale(scores[i]);
                normalisedThreshold[row] = threshold;
                flags[row] = scores[i] > model.Threshold;
                blockOfRow[row] = b;
                positionInBlock[row] = i;
                types[row] = flags[row] ? TypeOf(block, model, i) : DefaultType(block.Kind);
            }
        }

        // One threshold per kind: the ensemble normalises each row against its own block's threshold, so the
        // output carries threshold 1 and raw scores already divided by their block's threshold.
        for (var row = 0; row < n; row++)
        {
            if (!double.IsNaN(raw[row]))
            {
                raw[row] = normalisedThreshold[row] > 0 ? raw[row] / normalisedThreshold[row] : raw[row] > 0 ? double.PositiveInfinity : 0;
            }
        }

        string Reason(int row)
        {
            var b = blockOfRow[row];
            var block = blocks[b];
            var model = fitted[b];
            if (model is null)
            {
                return $"{Name}: not scored";
            }

            var i = positionInBlock[row];
            var feature = model is IDrivingFeature driving ? driving.DrivingFeature(block.Matrix.Row(i)) : -1;
            var because = feature < 0
                ? string.Empty
                : string.Create(CultureInfo.InvariantCulture, $", driven by {block.Matrix.ColumnNames[feature]}={block.Matrix[i, feature]:0.##}");
            return string.Create(CultureInfo.InvariantCulture,
                $"{Name}: score {modelScore[row]:0.###} > threshold {model.Threshold:0.###} among {block.Kind.ToString().ToLowerInvariant()} records{because}");
        }

        return new ModelOutput(Name, 1.0, raw, flags, types, Reason);
    }

    private static byte TypeOf(KindFeatureBlock block, IFittedOutlierDetector model, int i)
    {
        if (model is IDrivingFeature driving && driving.DrivingFeature(block.Matrix.Row(i)) is var feature && feature >= 0
            && TypeOfFeature.TryGetValue(block.Matrix.ColumnNames[feature], out var type))
        {
            return type;
        }

        return DefaultType(block.Kind);
    }

    /// <summary>The kind as a span attribute value; the enum's own name would allocate a string per call.</summary>
    internal static string KindName(TelemetryKind kind) => kind switch
    {
        TelemetryKind.Metric => "metric",
        TelemetryKind.Log => "log",
        TelemetryKind.Span => "span",
        TelemetryKind.Event => "event",
        _ => "other",
    };

    private static byte DefaultType(TelemetryKind kind) => kind switch
    {
        TelemetryKind.Log => AnomalyTypeCodes.ErrorLogBurst,
        TelemetryKind.Event => AnomalyTypeCodes.NoisyEvent,
        TelemetryKind.Span => AnomalyTypeCodes.LatencySpike,
        _ => AnomalyTypeCodes.MetricSpike,
    };
}
