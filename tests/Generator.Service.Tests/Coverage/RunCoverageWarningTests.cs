using System.Globalization;
using System.Text.RegularExpressions;

namespace AnomalyPlatform.Generator.Tests.Coverage;

/// <summary>What the warning for a run too small for its estate says, and when it is given.</summary>
public sealed partial class RunCoverageWarningTests
{
    private static string? WarningFor(ServiceTopology topology, long records, double errorRate = 0.02) =>
        RunCoverageWarning.Of(RunCoverage.Estimate(new GeneratorOptions { Records = records, ErrorRate = errorRate }, topology));

    [Fact]
    public void A_run_within_the_first_metric_scrape_of_its_estate_is_told_it_holds_metrics_of_one_instant_only()
    {
        var warning = WarningFor(Estates.Largest(), 100_000);

        Assert.NotNull(warning);
        Assert.StartsWith("100,000 records do not get past the first metric scrape of this estate (20,000 instances × 6 metrics = 120,000 records", warning);
        Assert.Contains("metrics of its first instant for 16,667 of the instances, with no traces, logs or faults.", warning);
        Assert.Contains("records see the first incident through", warning);
        Assert.Contains("cover an hour.", warning);
    }

    [Fact]
    public void The_default_estate_at_the_default_record_count_is_not_warned()
    {
        Assert.Null(RunCoverageWarning.Of(RunCoverage.Estimate(new GeneratorOptions(), ServiceTopology.CreateDefault())));
    }

    [Fact]
    public void A_run_that_ends_within_its_first_minute_is_told_it_has_no_faults()
    {
        var warning = WarningFor(Estates.Largest(), 130_000);

        Assert.NotNull(warning);
        Assert.Matches(@"^130,000 records cover about \d+ seconds of simulated time on this estate of 20,000 instances", warning);
        Assert.Contains("no faults (standalone anomalies begin in the second minute, incidents 3–5 minutes in)", warning);
    }

    [Fact]
    public void A_run_that_ends_before_an_incident_can_start_is_told_it_has_none()
    {
        var warning = WarningFor(Estates.Largest(), 300_000);

        Assert.NotNull(warning);
        Assert.Contains("no incident (the first starts 3–5 minutes in)", warning);
    }

    [Fact]
    public void A_run_that_ends_before_its_first_incident_is_over_is_told_it_may_be_cut_short()
    {
        var warning = WarningFor(Estates.Largest(), 1_000_000);

        Assert.NotNull(warning);
        Assert.StartsWith("1,000,000 records cover about 7 minutes of simulated time on this estate of 20,000 instances", warning);
        Assert.Contains("the first incident (3–5 minutes in, over by minute 14) may be cut short or missing", warning);
    }

    [Fact]
    public void The_record_count_the_warning_asks_for_is_enough_to_see_the_first_incident_through()
    {
        var needed = long.Parse(
            NeededForFirstIncident().Match(WarningFor(Estates.Largest(), 100_000)!).Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);

        Assert.Null(WarningFor(Estates.Largest(), needed));
        Assert.NotNull(WarningFor(Estates.Largest(), needed * 9 / 10));
    }

    [Fact]
    public void With_incidents_off_only_a_run_within_its_first_scrape_is_warned_and_no_incident_is_promised()
    {
        Assert.Null(WarningFor(Estates.Largest(), 1_000_000, errorRate: 0));

        var warning = WarningFor(Estates.Largest(), 100_000, errorRate: 0);

        Assert.NotNull(warning);
        Assert.DoesNotContain("incident through", warning);
        Assert.Contains("cover an hour (incidents are off: a fault rate is 0).", warning);
    }

    [Fact]
    public void A_run_of_one_record_is_told_so_in_the_singular()
    {
        Assert.StartsWith("1 record does not get past the first metric scrape", WarningFor(ServiceTopology.CreateDefault(), 1));
    }

    [Fact]
    public void The_warning_is_one_line()
    {
        Assert.DoesNotContain('\n', WarningFor(Estates.Largest(), 100_000)!);
        Assert.DoesNotContain('\n', WarningFor(Estates.Largest(), 1_000_000)!);
    }

    [GeneratedRegex(@"About ([\d,]+) records see the first incident through")]
    private static partial Regex NeededForFirstIncident();
}
