using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests;

public sealed class RecordStreamTests
{
    [Fact]
    public void Run_has_exactly_the_requested_records_in_batches_of_the_requested_size()
    {
        var run = GeneratedRun.Create(10_001, batchSize: 1_000);

        Assert.Equal(11, run.Batches.Count);
        Assert.Equal(Enumerable.Range(0, 11), run.Batches.Select(b => b.Sequence));
        Assert.All(run.Batches.SkipLast(1), b => Assert.Equal(1_000, b.Records.Count));
        Assert.Single(run.Batches[^1].Records);
        Assert.Equal(Enumerable.Range(0, 10_001).Select(i => (long)i), run.Records.Select(r => r.RecordId));
        Assert.Equal(run.Records.Select(r => r.RecordId), run.Labels.Select(l => l.RecordId));
    }

    [Fact]
    public void Records_are_in_time_order_on_whole_utc_milliseconds()
    {
        var run = GeneratedRun.Create(20_000);

        Assert.All(run.Records, r => Assert.Equal((DateTimeKind.Utc, 0L), (r.Timestamp.Kind, r.Timestamp.Ticks % TimeSpan.TicksPerMillisecond)));
        Assert.All(run.Records.Zip(run.Records.Skip(1)), pair => Assert.True(pair.First.Timestamp <= pair.Second.Timestamp));
        Assert.Equal(new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc), run.Records[0].Timestamp);
    }

    [Fact]
    public void Default_run_gives_every_metric_series_at_least_thirty_points()
    {
        var run = GeneratedRun.Create(10_000);

        var points = run.Records.Where(r => r.Kind == TelemetryKind.Metric).CountBy(r => (r.Service, r.Name)).ToList();

        Assert.Equal(14 * 6, points.Count);
        Assert.All(points, p => Assert.True(p.Value >= 30, $"{p.Key} has {p.Value} points"));
    }

    [Fact]
    public void Every_record_kind_appears_with_its_own_fields()
    {
        var run = GeneratedRun.Create(20_000);

        var kinds = run.Records.GroupBy(r => r.Kind).ToDictionary(g => g.Key, g => g.ToList());

        Assert.Equal(4, kinds.Count);
        Assert.All(kinds[TelemetryKind.Metric], r => Assert.True(r.Level is null && r.Status is null && r.TraceId is null && r.Message is null));
        Assert.All(kinds[TelemetryKind.Log], r => Assert.True(r.Level is not null && r.Status is null && r.Value == 0 && r.Message is not null));
        Assert.All(kinds[TelemetryKind.Event], r => Assert.True(r.Level is null && r.Value == 0 && r.Message is not null));
        Assert.Contains(kinds[TelemetryKind.Log], r => r.TraceId is not null);
        var levels = kinds[TelemetryKind.Log].Select(r => r.Level!.Value).ToHashSet();
        Assert.Equal([LogLevel.Debug, LogLevel.Info, LogLevel.Warn, LogLevel.Error], levels.Order());
    }

    [Fact]
    public void Enumerating_twice_gives_the_same_records()
    {
        var generator = new TelemetryGenerator(new GeneratorOptions { Records = 3_000 });

        var first = generator.GenerateBatches().SelectMany(b => b.Records).ToList();
        var second = generator.GenerateBatches().SelectMany(b => b.Records).ToList();

        Assert.Equal(first, second);
    }

    [Fact]
    public void Incidents_are_unavailable_before_the_run_is_enumerated()
    {
        var generator = new TelemetryGenerator(new GeneratorOptions { Records = 100 });

        Assert.Throws<InvalidOperationException>(() => generator.Incidents);
    }
}
