using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

using AnomalyPlatform.ServiceDefaults.Messaging;

using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class DetectionEvaluatorTests : IDisposable
{
    private const string Run = "run-1";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "detector-eval-" + Guid.NewGuid().ToString("N"));

    public DetectionEvaluatorTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // Ten records: 1, 2 metric_spike; 3 error_log_burst; 4 missing_span; the rest normal.
    private async Task<GroundTruthLabels> LabelsAsync()
    {
        var path = Path.Combine(_folder, "synthetic_labels.csv");
        await File.WriteAllTextAsync(path, """
            record_id,is_anomaly,anomaly_type,incident_id
            0,false,,
            1,true,metric_spike,INC-1
            2,true,metric_spike,INC-1
            3,true,error_log_burst,INC-2
            4,true,missing_span,INC-3
            5,false,,
            6,false,,
            7,false,,
            8,false,,
            9,false,,
            """);
        return await GroundTruthLabels.LoadAsync(path, CancellationToken.None);
    }

    private static Detection Detection(long id, bool ensemble, string type, bool statistical, bool structure) => new(
        id, DateTime.UnixEpoch, TelemetryKind.Metric, "svc", "svc-0", "m", ensemble, ensemble ? 0.9 : 0.4, type,
        [new ModelScore(ModelNames.Statistical, statistical ? 0.8 : 0.1, statistical), new ModelScore("trace_structure", structure ? 0.7 : 0, structure)],
        []);

    private static async Task<DetectionCollector> CollectAsync(params DetectionBatch[] batches)
    {
        var collector = new DetectionCollector();
        foreach (var batch in batches)
        {
            await collector.HandleAsync(new MessageContext<DetectionBatch>(batch, batch.MessageId, 1, null), CancellationToken.None);
        }

        var completed = new DetectionCompleted(batches.Select(b => b.Sequence).Distinct().Count(), 10,
            [ModelNames.Statistical, "trace_structure", ModelNames.Ensemble], [], []) { RunId = Run };
        await collector.HandleAsync(new MessageContext<DetectionCompleted>(completed, completed.MessageId, 1, null), CancellationToken.None);
        return collector;
    }

    [Fact]
    public async Task Confusion_matrix_matches_hand_count_per_model_and_type()
    {
        var labels = await LabelsAsync();
        // ensemble flags 1, 3, 4, 5(FP as metric_spike), 6(FP as noisy_event); misses 2.
        // statistical flags 1, 2, 5(FP metric_spike); trace_structure flags 4, 7(FP missing_span).
        var collector = await CollectAsync(
            new DetectionBatch(0, [
                Detection(1, true, AnomalyTypes.MetricSpike, statistical: true, structure: false),
                Detection(2, false, AnomalyTypes.MetricSpike, statistical: true, structure: false),
                Detection(3, true, AnomalyTypes.ErrorLogBurst, statistical: false, structure: false),
            ]) { RunId = Run },
            new DetectionBatch(1, [
                Detection(4, true, AnomalyTypes.MissingSpan, statistical: false, structure: true),
                Detection(5, true, AnomalyTypes.MetricSpike, statistical: true, structure: false),
                Detection(6, true, AnomalyTypes.NoisyEvent, statistical: false, structure: false),
                Detection(7, false, AnomalyTypes.MissingSpan, statistical: false, structure: true),
            ]) { RunId = Run });

        var evaluation = DetectionEvaluator.Evaluate(labels, collector);

        Assert.Equal(10, evaluation.Records);
        Assert.Equal([ModelNames.Ensemble, ModelNames.Statistical, "trace_structure"], evaluation.Models.Keys);

        var ensemble = evaluation.Models[ModelNames.Ensemble];
        Assert.Equal((3L, 2L, 1L), (ensemble.TruePositives, ensemble.FalsePositives, ensemble.FalseNegatives));
        Assert.Equal(3.0 / 5, ensemble.Precision, 12);
        Assert.Equal(3.0 / 4, ensemble.Recall, 12);
        Assert.Equal(2 * 0.6 * 0.75 / (0.6 + 0.75), ensemble.F1, 12);
        Assert.Equal(AnomalyTypes.All.Order(StringComparer.Ordinal), ensemble.PerType.Keys);
        Assert.Equal(new TypeEvaluation(2, 1, 1, 0.5, 0.5, 0.5), ensemble.PerType[AnomalyTypes.MetricSpike]);
        Assert.Equal(new TypeEvaluation(1, 1, 0, 1, 1, 1), ensemble.PerType[AnomalyTypes.ErrorLogBurst]);
        Assert.Equal(new TypeEvaluation(0, 0, 1, 0, 0, 0), ensemble.PerType[AnomalyTypes.NoisyEvent]);

        var statistical = evaluation.Models[ModelNames.Statistical];
        Assert.Equal((2L, 1L, 2L), (statistical.TruePositives, statistical.FalsePositives, statistical.FalseNegatives));
        var spikes = statistical.PerType[AnomalyTypes.MetricSpike];
        Assert.Equal((2L, 2L, 1L), (spikes.Support, spikes.TruePositives, spikes.FalsePositives));
        Assert.Equal(2.0 / 3, spikes.Precision, 12);
        Assert.Equal(1.0, spikes.Recall, 12);
        Assert.Equal(0.8, spikes.F1, 12);
        Assert.Equal(new TypeEvaluation(1, 0, 0, 0, 0, 0), statistical.PerType[AnomalyTypes.MissingSpan]);

        var structure = evaluation.Models["trace_structure"];
        Assert.Equal((1L, 1L, 3L), (structure.TruePositives, structure.FalsePositives, structure.FalseNegatives));
        Assert.Equal(new TypeEvaluation(1, 1, 1, 0.5, 1, 2 * 0.5 / 1.5), structure.PerType[AnomalyTypes.MissingSpan]);

        // One or two labelled records of a type measure no recall: no model is judged against its target on them.
        Assert.Equal([AnomalyTypes.MissingSpan], structure.IntendedTypes);
        Assert.Null(structure.MeetsIntendedRecall);
        Assert.Contains(AnomalyTypes.ErrorLogBurst, statistical.IntendedTypes);
        Assert.DoesNotContain(AnomalyTypes.MissingSpan, statistical.IntendedTypes);
        Assert.Null(statistical.MeetsIntendedRecall);
        Assert.Null(ensemble.MeetsIntendedRecall);
    }

    [Fact]
    public async Task Model_that_flagged_nothing_scores_zero_without_dividing_by_zero()
    {
        var labels = await LabelsAsync();
        var collector = await CollectAsync(new DetectionBatch(0, [Detection(1, true, AnomalyTypes.MetricSpike, statistical: false, structure: false)]) { RunId = Run });

        var evaluation = DetectionEvaluator.Evaluate(labels, collector);

        var structure = evaluation.Models["trace_structure"];
        Assert.Equal((0.0, 0.0, 0.0), (structure.Precision, structure.Recall, structure.F1));
        Assert.Equal(4, structure.FalseNegatives);
    }

    [Fact]
    public async Task Evaluating_before_the_run_is_complete_is_refused()
    {
        var labels = await LabelsAsync();

        Assert.Throws<InvalidOperationException>(() => DetectionEvaluator.Evaluate(labels, new DetectionCollector()));
    }

    [Fact]
    public void A_model_is_judged_against_its_recall_target_only_on_types_with_enough_labelled_records_to_measure()
    {
        var perType = new Dictionary<string, TypeEvaluation>
        {
            // 16 records: a recall of 0.75 is measured, and short of 0.8.
            [AnomalyTypes.ErrorLogBurst] = new(16, 12, 0, 1, 0.75, 0.857),
            // 5 records: 0.2 says nothing.
            [AnomalyTypes.LatencySpike] = new(5, 1, 0, 1, 0.2, 0.333),
        };
        ModelEvaluation Model(params string[] intended) => new(1, 0.7, 0.8, 13, 0, 8, perType) { IntendedTypes = intended };

        Assert.Equal(16, MeasurableRecall.MinSupport(ModelPurposes.RecallTarget));
        Assert.False(Model(AnomalyTypes.ErrorLogBurst, AnomalyTypes.LatencySpike).MeetsIntendedRecall);
        Assert.Null(Model(AnomalyTypes.LatencySpike).MeetsIntendedRecall);
    }
}
