using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;

using AnomalyPlatform.ServiceDefaults.Messaging;

using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class ScoreBatchCollectionTests : IDisposable
{
    private const string Run = "run-s";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "score-batches-" + Guid.NewGuid().ToString("N"));

    public ScoreBatchCollectionTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static Task Deliver<T>(IMessageHandler<T> handler, T message) where T : IntegrationMessage =>
        handler.HandleAsync(new MessageContext<T>(message, message.MessageId, 1, null), CancellationToken.None);

    private static ScoreBatch Scores(int sequence, long firstId, ushort[] statistical, ushort[] ensemble) => new(
        sequence, firstId, statistical.Length,
        [new QuantisedScores(ModelNames.Statistical, statistical), new QuantisedScores(ModelNames.Ensemble, ensemble)]) { RunId = Run };

    private static DetectionCompleted Completed(int scoreBatches) =>
        new(0, 6, [ModelNames.Statistical, "trace_structure", ModelNames.Ensemble], [], []) { RunId = Run, ScoreBatchCount = scoreBatches };

    // Six records; 1 and 4 anomalous.
    private async Task<GroundTruthLabels> LabelsAsync()
    {
        var path = Path.Combine(_folder, "synthetic_labels.csv");
        await File.WriteAllTextAsync(path, """
            record_id,is_anomaly,anomaly_type,incident_id
            0,false,,
            1,true,metric_spike,INC-1
            2,false,,
            3,false,,
            4,true,error_log_burst,INC-2
            5,false,,
            """);
        return await GroundTruthLabels.LoadAsync(path, CancellationToken.None);
    }

    [Fact]
    public async Task Completion_waits_for_every_announced_score_batch()
    {
        var collector = new DetectionCollector();

        await Deliver(collector, Completed(scoreBatches: 2));
        await Deliver(collector, Scores(1, 3, [1, 1, 1], [1, 1, 1]));
        var afterOne = collector.Completion.IsCompleted;
        await Deliver(collector, Scores(0, 0, [1, 1, 1], [1, 1, 1]));

        Assert.False(afterOne);
        Assert.True(collector.Completion.IsCompletedSuccessfully);
        Assert.Equal([0, 1], collector.ScoreBatches().Select(b => b.Sequence));
    }

    [Fact]
    public async Task Score_batches_read_back_from_the_spill_file_are_those_received()
    {
        using var collector = new DetectionCollector();
        var sparse = Scores(0, 10, [7, 8, 9], [65535, 0, 1]) with { Segment = 1, RecordIds = [10, 12, 14] };
        await Deliver(collector, Scores(0, 0, [1, 2, 3], [4, 5, 6]));
        await Deliver(collector, sparse);

        var batches = collector.ScoreBatches().ToList();
        var ensembleOnly = collector.ScoreBatches(ModelNames.Ensemble).ToList();

        Assert.Equal([(0, 0), (1, 0)], batches.Select(b => (b.Segment, b.Sequence)));
        Assert.Equal([10L, 12L, 14L], batches[1].RecordIds!);
        Assert.Null(batches[0].RecordIds);
        Assert.Equal((10L, 3), (batches[1].FirstRecordId, batches[1].Count));
        Assert.Equal(Run, batches[1].RunId);
        Assert.Equal([(ushort)7, 8, 9], batches[1].Models[0].Scores);
        Assert.Equal([(ushort)65535, 0, 1], batches[1].Models[1].Scores);
        Assert.All(ensembleOnly, b => Assert.Equal([ModelNames.Ensemble], b.Models.Select(m => m.Model)));
        Assert.Equal([(ushort)4, 5, 6], ensembleOnly[0].Models[0].Scores);
    }

    [Fact]
    public async Task Redelivered_score_batch_is_counted_once()
    {
        var collector = new DetectionCollector();

        await Deliver(collector, Scores(0, 0, [1, 1, 1], [1, 1, 1]));
        await Deliver(collector, Scores(0, 0, [1, 1, 1], [1, 1, 1]));
        await Deliver(collector, Completed(scoreBatches: 2));

        Assert.False(collector.Completion.IsCompleted);
        Assert.Single(collector.ScoreBatches());
    }

    [Fact]
    public async Task Score_batches_of_another_run_are_ignored()
    {
        var collector = new DetectionCollector();
        await Deliver(collector, Completed(scoreBatches: 1));

        await Deliver(collector, Scores(0, 0, [1], [1]) with { RunId = "other" });

        Assert.False(collector.Completion.IsCompleted);
        Assert.Empty(collector.ScoreBatches());
    }

    [Fact]
    public async Task Areas_are_computed_over_every_record_of_the_score_batches_despite_a_duplicate()
    {
        var labels = await LabelsAsync();
        var collector = new DetectionCollector();
        // statistical: anomalies 1 (900) and 4 (300) against normals 100, 300, 200, 50: pairs 4 + 3.5 of 8; AP (1/1 + 2/3)/2.
        // ensemble ranks both anomalies on top.
        var first = Scores(0, 0, [100, 900, 300], [0, 60000, 10]);
        await Deliver(collector, first);
        await Deliver(collector, first);
        await Deliver(collector, Scores(1, 3, [200, 300, 50], [20, 50000, 30]));
        await Deliver(collector, Completed(scoreBatches: 2));

        var evaluation = DetectionEvaluator.Evaluate(labels, collector);

        Assert.Equal(7.5 / 8, evaluation.Models[ModelNames.Statistical].RocAuc!.Value, 12);
        Assert.Equal((1 + 2.0 / 3) / 2, evaluation.Models[ModelNames.Statistical].PrAuc!.Value, 12);
        Assert.Equal(1.0, evaluation.Models[ModelNames.Ensemble].RocAuc);
        Assert.Equal(1.0, evaluation.Models[ModelNames.Ensemble].PrAuc);
        // The detector sent no scores for trace_structure: its areas are unknown, not 0.5.
        Assert.Null(evaluation.Models["trace_structure"].RocAuc);
        Assert.Null(evaluation.Models["trace_structure"].PrAuc);
    }

    [Fact]
    public async Task Labelled_record_without_a_score_ranks_as_most_normal()
    {
        var labels = await LabelsAsync();
        var collector = new DetectionCollector();
        // Records 3..5 never scored: anomaly 4 gets 0, tied with normals 3 and 5 and below every scored normal.
        await Deliver(collector, Scores(0, 0, [100, 900, 300], [100, 900, 300]));
        await Deliver(collector, Completed(scoreBatches: 1));

        var statistical = DetectionEvaluator.Evaluate(labels, collector).Models[ModelNames.Statistical];

        // Anomaly 1 (900) beats all 4 normals; anomaly 4 (0) ties 3 and 5 (0), loses to 0 and 2: 4 + 1 of 8.
        Assert.Equal(5.0 / 8, statistical.RocAuc!.Value, 12);
    }

    [Fact]
    public async Task Explicit_record_ids_place_scores_on_their_records()
    {
        var labels = await LabelsAsync();
        var collector = new DetectionCollector();
        await Deliver(collector, Scores(0, 4, [9, 9, 1, 1, 1, 1], [9, 9, 1, 1, 1, 1]) with { RecordIds = [4, 1, 0, 2, 3, 5] });
        await Deliver(collector, Completed(scoreBatches: 1));

        var statistical = DetectionEvaluator.Evaluate(labels, collector).Models[ModelNames.Statistical];

        Assert.Equal(1.0, statistical.RocAuc);
    }

    [Fact]
    public void Score_batch_survives_the_wire_format_with_its_scores_as_base64()
    {
        var batch = Scores(3, 4096, [0, 1, 65535, 32768], [7, 8, 9, 10]) with { RecordIds = [10, 11, 13, 12] };

        var json = JsonSerializer.Serialize(batch, ContractsJsonContext.Default.ScoreBatch);
        var back = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.ScoreBatch)!;

        Assert.Contains("\"scores\":\"AAABAP//AIA=\"", json, StringComparison.Ordinal);
        Assert.Equal(batch.MessageId, back.MessageId);
        Assert.Equal((4096L, 4), (back.FirstRecordId, back.Count));
        Assert.Equal([10L, 11, 13, 12], back.RecordIds!);
        Assert.Equal([ModelNames.Statistical, ModelNames.Ensemble], back.Models.Select(m => m.Model));
        Assert.Equal([0, 1, 65535, 32768], back.Models[0].Scores);
        Assert.Equal([7, 8, 9, 10], back.Models[1].Scores);
    }

    [Fact]
    public void Consecutive_record_ids_travel_without_an_id_list()
    {
        var json = JsonSerializer.Serialize(Scores(0, 0, [1], [1]), ContractsJsonContext.Default.ScoreBatch);

        Assert.DoesNotContain("record_ids", json, StringComparison.Ordinal);
    }
}
