using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests.Coverage;

/// <summary>The coverage estimate against what the generator then produces.</summary>
public sealed class RunCoverageTests
{
    [Theory]
    [InlineData(14, 3, 10_000)]
    [InlineData(40, 50, 100_000)]
    [InlineData(200, 100, 130_000)]
    public void The_estimated_simulated_time_is_within_a_tenth_of_a_minute_of_the_generated_runs(int services, int instancesEach, long records)
    {
        var topology = services == 14 ? ServiceTopology.CreateDefault() : Estates.Tree(services, instancesEach);
        var options = new GeneratorOptions { Records = records };

        var estimated = RunCoverage.Estimate(options, topology).Covered;
        var generated = Span(new TelemetryGenerator(options, topology));

        Assert.InRange(estimated.TotalMinutes, generated.TotalMinutes * 0.9 - 0.1, generated.TotalMinutes * 1.1 + 0.1);
    }

    [Fact]
    public void A_run_within_the_first_scrape_is_metrics_of_one_instant_without_labels_or_incidents()
    {
        var generator = new TelemetryGenerator(new GeneratorOptions { Records = 100_000 }, Estates.Largest());

        var batches = generator.GenerateBatches().ToList();

        Assert.True(RunCoverage.Estimate(new GeneratorOptions { Records = 100_000 }, Estates.Largest()).WithinFirstScrape);
        Assert.All(batches.SelectMany(b => b.Records), r => Assert.Equal(TelemetryKind.Metric, r.Kind));
        Assert.Single(batches.SelectMany(b => b.Records).Select(r => r.Timestamp).Distinct());
        Assert.DoesNotContain(batches.SelectMany(b => b.Labels), l => l.IsAnomaly);
        Assert.Empty(generator.Incidents);
    }

    [Fact]
    public void Records_for_a_span_of_time_and_the_time_they_cover_agree()
    {
        var coverage = RunCoverage.Estimate(new GeneratorOptions(), Estates.Largest());
        var needed = coverage.RecordsFor(TimeSpan.FromMinutes(14));

        var covered = RunCoverage.Estimate(new GeneratorOptions { Records = needed }, Estates.Largest()).Covered;

        Assert.Equal(14, covered.TotalMinutes, precision: 3);
    }

    private static TimeSpan Span(TelemetryGenerator generator)
    {
        DateTime? first = null;
        var last = DateTime.MinValue;
        foreach (var record in generator.GenerateBatches().SelectMany(b => b.Records))
        {
            first ??= record.Timestamp;
            last = record.Timestamp;
        }

        return last - first!.Value;
    }
}
