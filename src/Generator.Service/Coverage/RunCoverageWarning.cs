using System.Globalization;

namespace AnomalyPlatform.Generator;

/// <summary>
/// The one-line warning for a run whose records are too few for its estate to show what the user runs it for: a run
/// within its first metric scrape (metrics of one instant, nothing else), or one that ends before its first incident
/// is over. It says what the records cover and how many would do. The run goes ahead: its settings are valid, and a
/// snapshot of a large estate's metrics is a data set someone may want.
/// </summary>
internal static class RunCoverageWarning
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The warning for <paramref name="coverage"/>; null when the run covers its first incident, or has none and gets past its first scrape.</summary>
    public static string? Of(RunCoverage coverage)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        if (coverage.WithinFirstScrape)
        {
            // Six metrics per instance in instance order: the records reach this many instances.
            var reached = Math.Min(coverage.Instances, (coverage.Records + MetricNames.Count - 1) / MetricNames.Count);
            var records = coverage.Records == 1 ? "1 record does" : string.Create(Invariant, $"{coverage.Records:N0} records do");
            return string.Create(Invariant,
                $"{records} not get past the first metric scrape of this estate ({coverage.Instances:N0} instances × {MetricNames.Count} metrics = {coverage.ScrapeRecords:N0} records at the start of every simulated minute): the run is metrics of its first instant for {reached:N0} of the instances, with no traces, logs or faults.{Needed(coverage)}");
        }

        if (!coverage.CutsFirstIncidentShort)
        {
            return null;
        }

        return string.Create(Invariant,
            $"{coverage.Records:N0} records cover {Duration(coverage.Covered)} of simulated time on this estate of {coverage.Instances:N0} instances (about {Significant(coverage.RecordsPerInterval, Math.Round):N0} records per simulated minute, {coverage.ScrapeRecords:N0} of them its metric scrape): {Consequence(coverage.Covered)}.{Needed(coverage)}");
    }

    private static string Consequence(TimeSpan covered)
    {
        var earliest = IncidentScheduler.FirstIncidentEarliestStartIntervals;
        var latest = IncidentScheduler.FirstIncidentLatestStartIntervals;
        if (covered < TimeSpan.FromTicks(EstateSimulator.IntervalTicks))
        {
            // Standalone anomalies top up what the first interval's records fell short of, so none comes before the second.
            return string.Create(Invariant,
                $"few traces and logs, and no faults (standalone anomalies begin in the second minute, incidents {earliest}–{latest} minutes in)");
        }

        if (covered < TimeSpan.FromTicks(earliest * EstateSimulator.IntervalTicks))
        {
            return string.Create(Invariant, $"no incident (the first starts {earliest}–{latest} minutes in)");
        }

        return string.Create(Invariant,
            $"the first incident ({earliest}–{latest} minutes in, over by minute {IncidentScheduler.FirstIncidentLatestEndIntervals}) may be cut short or missing");
    }

    private static string Needed(RunCoverage coverage)
    {
        var hour = Significant(coverage.RecordsFor(TimeSpan.FromHours(1)), Math.Ceiling);
        return coverage.Incidents
            ? string.Create(Invariant,
                $" About {Significant(coverage.RecordsFor(RunCoverage.FirstIncidentOver), Math.Ceiling):N0} records see the first incident through, about {hour:N0} cover an hour.")
            : string.Create(Invariant, $" About {hour:N0} records cover an hour (incidents are off: a fault rate is 0).");
    }

    private static string Duration(TimeSpan time) => time.TotalSeconds switch
    {
        < 1 => "less than a second",
        < 90 => string.Create(Invariant, $"about {Math.Round(time.TotalSeconds):N0} seconds"),
        _ => string.Create(Invariant, $"about {Math.Round(time.TotalMinutes):N0} minutes"),
    };

    /// <summary><paramref name="value"/> to three significant digits, rounded by <paramref name="round"/> (up for records a run needs).</summary>
    private static double Significant(double value, Func<double, double> round)
    {
        if (value < 1_000)
        {
            return round(value);
        }

        var scale = Math.Pow(10, Math.Floor(Math.Log10(value)) - 2);
        return round(value / scale) * scale;
    }
}
