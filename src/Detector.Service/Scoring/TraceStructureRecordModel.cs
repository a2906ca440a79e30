using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Ensemble;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Runs <see cref="TraceStructureDetector"/> over the run's spans: a span whose parent id names no span of the whole
/// run (all batches in) is an orphan, the trace of a lost parent span (<see cref="AnomalyTypes.MissingSpan"/>).
/// Other kinds of record are not scored.
/// </summary>
internal sealed class TraceStructureRecordModel : IRecordModel
{
    public string Name => TraceStructureDetector.ModelName;

    public ModelOutput Run(DetectionInput input, CancellationToken cancellationToken)
    {
        var columns = input.Columns;
        var n = columns.Count;
        var spanRows = new List<int>();
        var kinds = columns.Kinds;
        for (var row = 0; row < n; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Span)
            {
                spanRows.Add(row);
            }
        }

        var features = new double[spanRows.Count];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = input.Links.IsOrphan(spanRows[i]) ? 1.0 : 0.0;
        }

        var matrix = FeatureMatrix.SingleColumn("parent_missing", features);
        IFittedOutlierDetector detector;
        using (PipelineTelemetry.StartFit(Name, "span"))
        {
            detector = new TraceStructureDetector().Fit(matrix, cancellationToken);
        }

        var scores = new double[features.Length];
        using (PipelineTelemetry.StartScore(Name, "span"))
        {
            detector.Score(matrix, scores);
        }


        var raw = new double[n];
        Array.Fill(raw, double.NaN);
        var flags = new bool[n];
        var types = new byte[n];
        Array.Fill(types, ModelOutput.NoType);
        for (var i = 0; i < spanRows.Count; i++)
        {
            var row = spanRows[i];
            raw[row] = scores[i];
            flags[row] = scores[i] > detector.Threshold;
            types[row] = AnomalyTypeCodes.MissingSpan;
        }

        string Reason(int row) => flags[row]
            ? $"{TraceStructureDetector.ModelName}: parent span {columns.SpanIds[columns.ParentSpanIdIds[row]]} of trace {TraceOf(row)} is absent from the run"
            : $"{TraceStructureDetector.ModelName}: parent links intact";

        string TraceOf(int row) => columns.TraceIdIds[row] is var id && id >= 0 ? columns.TraceIds[id] : "(none)";

        return new ModelOutput(Name, detector.Threshold, raw, flags, types, Reason, EnsembleRole.Decisive);
    }
}
