using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Tests.TestData;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class RecordFeaturesTests
{
    private static int ColumnOf(KindFeatureBlock block, string name) => block.Matrix.ColumnNames.ToList().IndexOf(name);

    [Fact]
    public void Every_record_lands_in_exactly_one_block_of_its_kind_with_named_columns()
    {
        var scenario = TelemetryScenario.Build(seed: 31);

        var features = RecordFeatures.FromBatches(scenario.Records.Chunk(1000).Select(chunk => (IReadOnlyList<TelemetryRecord>)chunk));

        Assert.Equal(scenario.Records.Count, features.Blocks.Sum(block => block.Matrix.Rows));
        foreach (var block in features.Blocks)
        {
            Assert.All(block.RecordRows, row => Assert.Equal(block.Kind, scenario.Records[row].Kind));
            Assert.All(Enumerable.Range(0, block.Matrix.Rows * block.Matrix.Columns), i => Assert.True(double.IsFinite(block.Matrix[i / block.Matrix.Columns, i % block.Matrix.Columns])));
        }

        Assert.Equal([MetricFeatureBuilder.ValueZ, MetricFeatureBuilder.DeltaZ, MetricFeatureBuilder.EwmaZ, MetricFeatureBuilder.LogRatio], features.Metrics.Matrix.ColumnNames);
        Assert.Equal([SpanFeatureBuilder.DurationZ, SpanFeatureBuilder.ParentMissing], features.Spans.Matrix.ColumnNames);
        Assert.Equal([LogFeatureBuilder.TemplateRarity, LogFeatureBuilder.ErrorSurprise, LogFeatureBuilder.CalleeErrorSurprise], features.Logs.Matrix.ColumnNames);
        Assert.Equal([EventFeatureBuilder.RateSurprise, EventFeatureBuilder.CalleeRateSurprise, EventFeatureBuilder.TypeRarity], features.Events.Matrix.ColumnNames);
    }

    [Fact]
    public void Reading_after_a_one_off_spike_is_not_a_jump_but_the_spike_is()
    {
        var random = new Random(2);
        var records = new List<TelemetryRecord>();
        for (var i = 0; i < 60; i++)
        {
            var value = i == 30 ? 500.0 : 100 + random.NextDouble() * 4;
            records.Add(new TelemetryRecord(i, TelemetryScenario.Start.AddMinutes(i), TelemetryKind.Metric, "checkout", "checkout-0", "latency_p95_ms", value));
        }

        var metrics = RecordFeatures.FromBatches([records]).Metrics;
        var delta = ColumnOf(metrics, MetricFeatureBuilder.DeltaZ);
        var ratio = ColumnOf(metrics, MetricFeatureBuilder.LogRatio);

        Assert.True(metrics.Matrix[30, delta] > 3, $"spike delta {metrics.Matrix[30, delta]}");
        Assert.True(Math.Abs(metrics.Matrix[31, delta]) < 2, $"recovery delta {metrics.Matrix[31, delta]}");
        Assert.InRange(metrics.Matrix[30, ratio], Math.Log(4.5), Math.Log(5.5));
        Assert.InRange(metrics.Matrix[31, ratio], -0.1, 0.1);
    }

    [Fact]
    public void Error_burst_window_is_surprising_and_a_routine_error_is_not()
    {
        var scenario = TelemetryScenario.Build(seed: 32);
        var burst = scenario.Labels.Where(pair => pair.Value == AnomalyTypes.ErrorLogBurst).Select(pair => (int)pair.Key).ToHashSet();

        var features = RecordFeatures.FromBatches([scenario.Records]);
        var windows = features.ErrorLogWindows;
        var threshold = windows.FalseDiscoveryThreshold(0.01, new DetectorOptions().CountMinSurprise);

        var burstSurprise = windows.SelectedRows.Select((row, k) => (row, k)).Where(p => burst.Contains(p.row)).Select(p => windows.Own[p.k]).ToList();
        var routineSurprise = windows.SelectedRows.Select((row, k) => (row, k))
            .Where(p => !burst.Contains(p.row) && Math.Abs((scenario.Records[p.row].Timestamp - TelemetryScenario.Start.AddMinutes(41)).TotalMinutes) > 10)
            .Select(p => windows.Own[p.k]).ToList();
        Assert.NotEmpty(routineSurprise);
        Assert.All(burstSurprise, s => Assert.True(s > threshold, $"burst surprise {s:0.0} <= {threshold:0.0}"));
        Assert.All(routineSurprise, s => Assert.True(s < threshold, $"routine surprise {s:0.0} >= {threshold:0.0}"));
    }

    [Fact]
    public void Benjamini_hochberg_threshold_is_at_most_the_bonferroni_level()
    {
        var scenario = TelemetryScenario.Build(seed: 33);

        var windows = RecordFeatures.FromBatches([scenario.Records]).ErrorLogWindows;

        Assert.True(windows.TestedCells > 0);
        Assert.InRange(windows.FalseDiscoveryThreshold(0.01), 0, Math.Log10(windows.TestedCells / 0.01) + 1e-12);
    }
}
