using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Ensemble;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Fits and scores every model on a run's sealed telemetry columns, combines them in the ensemble and builds the
/// detections, the service edges and the change events. Single-threaded and ordered, so the same input always gives
/// the same output.
/// </summary>
internal sealed class DetectionRun(DetectorOptions options)
{
    /// <summary>Event types that change a service (health-check flaps are symptoms, not changes).</summary>
    private static readonly HashSet<string> ChangeEventTypes = new(StringComparer.Ordinal) { "deploy", "config_change", "scale", "restart" };

    public DetectionResult Execute(TelemetryColumns columns, CancellationToken cancellationToken)
    {
        columns.Seal();
        var links = TraceLinks.Build(columns);
        var input = new DetectionInput(columns, links);
        IRecordModel[] models = [new StatisticalRecordModel(options), new TraceStructureRecordModel()];
        var outputs = new ModelOutput[models.Length];
        var normalised = new double[models.Length][];
        for (var m = 0; m < models.Length; m++)
        {
            outputs[m] = models[m].Run(input, cancellationToken);
            normalised[m] = new double[columns.Count];
            ScoreNormaliser.Normalise(outputs[m].Raw, outputs[m].Threshold, normalised[m]);
        }

        var detections = BuildDetections(columns, outputs, normalised, cancellationToken);
        var names = new List<string>(models.Length + 1);
        foreach (var output in outputs)
        {
            names.Add(output.Model);
        }

        names.Add(ModelNames.Ensemble);
        return new DetectionResult(columns.Count, detections, names, links.Edges, ChangeEvents(columns));
    }

    private List<Detection> BuildDetections(TelemetryColumns columns, ModelOutput[] outputs, double[][] normalised, CancellationToken cancellationToken)
    {
        var combiner = new EnsembleCombiner(options.EnsembleStrategy, outputs.Length);
        var scores = new double[outputs.Length];
        var flags = new bool[outputs.Length];
        var detections = new List<Detection>();
        for (var row = 0; row < columns.Count; row++)
        {
            var anyFlag = false;
            for (var m = 0; m < outputs.Length; m++)
            {
                scores[m] = normalised[m][row];
                flags[m] = outputs[m].Flags[row];
                anyFlag |= flags[m];
            }

            if (!anyFlag)
            {
                continue;
            }

            if ((row & 0xFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var (confidence, isAnomaly, lead) = combiner.Combine(scores, flags);
            var modelScores = new ModelScore[outputs.Length];
            var reasons = new List<string>(outputs.Length);
            if (flags[lead])
            {
                reasons.Add(outputs[lead].ReasonFor(row));
            }

            for (var m = 0; m < outputs.Length; m++)
            {
                var score = double.IsNaN(scores[m]) ? 0.0 : scores[m];
                modelScores[m] = new ModelScore(outputs[m].Model, score, flags[m]);
                if (flags[m] && m != lead)
                {
                    reasons.Add(outputs[m].ReasonFor(row));
                }
            }

            var type = AnomalyTypeCodes.NameOf(outputs[lead].Types[row]) ?? DefaultType(columns.KindAt(row));
            detections.Add(new Detection(
                columns.RecordIds[row], columns.TimestampAt(row), columns.KindAt(row), columns.ServiceAt(row), columns.InstanceAt(row),
                columns.NameAt(row), isAnomaly, confidence, type, modelScores, reasons));
        }

        return detections;
    }

    /// <summary>The type a record of this kind most plausibly shows, for a model that does not name one.</summary>
    private static string DefaultType(TelemetryKind kind) => kind switch
    {
        TelemetryKind.Log => AnomalyTypes.ErrorLogBurst,
        TelemetryKind.Event => AnomalyTypes.NoisyEvent,
        TelemetryKind.Span => AnomalyTypes.MissingSpan,
        _ => AnomalyTypes.MetricSpike,
    };

    private static List<ChangeEvent> ChangeEvents(TelemetryColumns columns)
    {
        var changes = new List<ChangeEvent>();
        var kinds = columns.Kinds;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Event && ChangeEventTypes.Contains(columns.NameAt(row)))
            {
                changes.Add(new ChangeEvent(columns.RecordIds[row], columns.TimestampAt(row), columns.ServiceAt(row), columns.InstanceAt(row), columns.NameAt(row)));
            }
        }

        return changes;
    }
}
