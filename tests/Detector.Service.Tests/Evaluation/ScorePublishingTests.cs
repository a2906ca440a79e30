using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Detector.Tests.Messaging;
using AnomalyPlatform.Detector.Tests.TestData;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector.Tests.Evaluation;

public sealed class ScorePublishingTests
{
    private const string Run = "run-p";

    [Fact]
    public async Task Detector_publishes_every_records_scores_in_announced_batches_before_completion()
    {
        var scenario = TelemetryScenario.Build(seed: 31);
        var bus = new CapturingBus();
        var worker = new DetectorWorker(bus, new RecordingProgress(), Options.Create(new DetectorOptions { DetectionBatchSize = 1000 }),
            NullLogger<DetectorWorker>.Instance);

        await worker.AnalyseSegmentAsync(TestSegments.Whole(Run, scenario.Records), CancellationToken.None);

        var completed = Assert.Single(bus.Published.OfType<DetectionCompleted>());
        var scoreBatches = bus.Published.OfType<ScoreBatch>().ToList();
        Assert.Same(completed, bus.Published[^1]);
        Assert.Equal(completed.ScoreBatchCount, scoreBatches.Count);
        Assert.Equal(Enumerable.Range(0, scoreBatches.Count), scoreBatches.Select(b => b.Sequence));
        Assert.Equal(scenario.Records.Count, scoreBatches.Sum(b => b.Count));
        Assert.All(scoreBatches, b => Assert.InRange(b.Count, 1, 1000));
        Assert.All(scoreBatches, b => Assert.Equal(completed.Models, b.Models.Select(m => m.Model)));
        Assert.All(scoreBatches, b => Assert.All(b.Models, m => Assert.Equal(b.Count, m.Scores.Length)));
        Assert.Equal(scenario.Records.Select(r => r.RecordId),
            scoreBatches.SelectMany(b => b.RecordIds ?? Enumerable.Range(0, b.Count).Select(i => b.FirstRecordId + i)));
    }

    [Fact]
    public async Task Published_scores_agree_with_the_detections_of_flagged_records()
    {
        var scenario = TelemetryScenario.Build(seed: 32);
        var bus = new CapturingBus();
        var worker = new DetectorWorker(bus, new RecordingProgress(), Options.Create(new DetectorOptions()), NullLogger<DetectorWorker>.Instance);

        await worker.AnalyseSegmentAsync(TestSegments.Whole(Run, scenario.Records), CancellationToken.None);

        var scoreOf = new Dictionary<(long, string), ushort>();
        foreach (var batch in bus.Published.OfType<ScoreBatch>())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                foreach (var column in batch.Models)
                {
                    scoreOf[(batch.RecordIds?[i] ?? batch.FirstRecordId + i, column.Model)] = column.Scores[i];
                }
            }
        }

        var detections = bus.Published.OfType<DetectionBatch>().SelectMany(b => b.Detections).ToList();
        Assert.NotEmpty(detections);
        Assert.All(detections, d =>
        {
            Assert.Equal(ScoreQuantisation.Quantise(d.Confidence), scoreOf[(d.RecordId, ModelNames.Ensemble)]);
            Assert.All(d.Scores, s => Assert.Equal(ScoreQuantisation.Quantise(s.Score), scoreOf[(d.RecordId, s.Model)]));
        });
    }
}
