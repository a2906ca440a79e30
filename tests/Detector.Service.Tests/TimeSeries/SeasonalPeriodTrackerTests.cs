using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class SeasonalPeriodTrackerTests
{
    private const int Days = 12;
    private const int FlatDay = 6;

    [Fact]
    public void Daily_season_is_found_on_a_daily_series()
    {
        var periods = Track(SyntheticSeries.DailySine(Days, noise: 1.0, seed: 3), retainAutocorrelation: 0.4);

        Assert.Equal(SyntheticSeries.PointsPerDay, periods[^1]);
    }

    [Fact]
    public void Season_in_use_survives_an_anomalous_day_when_a_lower_bar_retains_it()
    {
        var values = WithFlatDay();

        var retained = Track(values, retainAutocorrelation: 0.2);

        var learned = 4 * SyntheticSeries.PointsPerDay;
        Assert.All(retained.AsSpan(learned).ToArray(), static p => Assert.Equal(SyntheticSeries.PointsPerDay, p));
    }

    [Fact]
    public void Season_is_dropped_during_an_anomalous_day_without_a_lower_bar()
    {
        var values = WithFlatDay();

        var strict = Track(values, retainAutocorrelation: 0.4);

        Assert.Contains(0, strict.AsSpan(FlatDay * SyntheticSeries.PointsPerDay).ToArray());
    }

    /// <summary>A daily sine with a whole day of the daily mean instead of the daily swing (large noise, weak season).</summary>
    private static double[] WithFlatDay()
    {
        var values = SyntheticSeries.DailySine(Days, noise: 8.0, seed: 5);
        for (var i = FlatDay * SyntheticSeries.PointsPerDay; i < (FlatDay + 1) * SyntheticSeries.PointsPerDay; i++)
        {
            values[i] -= 20.0 * Math.Sin(2.0 * Math.PI * i / SyntheticSeries.PointsPerDay);
        }

        return values;
    }

    [Fact]
    public void Seasonal_readings_are_paired_by_time_so_missing_samples_do_not_hide_the_season()
    {
        // Eight days of a daily sine with one sample in five missing at random: 288 samples back is about 29 hours back,
        // where the sine is far from today's phase, but the reading nearest to 24 hours back is in phase.
        var random = new Random(9);
        var values = SyntheticSeries.DailySine(8, noise: 1.0, seed: 9);
        var kept = Enumerable.Range(0, values.Length).Where(_ => random.NextDouble() >= 0.2).ToArray();
        var history = new ValueHistory(kept.Length);
        var times = new ValueHistory(kept.Length);
        foreach (var i in kept)
        {
            history.Add(values[i]);
            times.Add((SyntheticSeries.TimestampAt(i) - SyntheticSeries.Start).TotalSeconds);
        }

        var correlation = SeasonalPeriodTracker.Autocorrelation(history, times, TimeSpan.FromDays(1).TotalSeconds, history.Count);

        // At most 7/8: the first day's readings have no partner a day earlier.
        Assert.True(correlation > 0.8, $"autocorrelation one day apart {correlation:0.00}");
    }

    [Fact]
    public void On_a_regular_series_pairing_by_time_is_pairing_by_lag()
    {
        var values = SyntheticSeries.DailySine(4, noise: 1.0, seed: 2);
        var (history, times) = Histories(values, values.Length);
        const int lag = SyntheticSeries.PointsPerDay;
        double mean = values.Average(), numerator = 0, denominator = 0;
        for (var i = 0; i < values.Length; i++)
        {
            denominator += (values[i] - mean) * (values[i] - mean);
            numerator += i >= lag ? (values[i] - mean) * (values[i - lag] - mean) : 0;
        }

        var correlation = SeasonalPeriodTracker.Autocorrelation(history, times, TimeSpan.FromDays(1).TotalSeconds, values.Length);

        Assert.Equal(numerator / denominator, correlation, 10);
    }

    private static (ValueHistory Values, ValueHistory Times) Histories(double[] values, int capacity)
    {
        var history = new ValueHistory(capacity);
        var times = new ValueHistory(capacity);
        for (var i = 0; i < values.Length; i++)
        {
            history.Add(values[i]);
            times.Add((SyntheticSeries.TimestampAt(i) - SyntheticSeries.Start).TotalSeconds);
        }

        return (history, times);
    }

    private static int[] Track(double[] values, double retainAutocorrelation)
    {
        const int maxPeriod = 2 * SyntheticSeries.PointsPerDay;
        var tracker = new SeasonalPeriodTracker(0.4, reviewEvery: 64, cyclesNeeded: 3, maxPeriod, retainAutocorrelation);
        var history = new ValueHistory((3 * maxPeriod) + 2);
        var times = new ValueHistory(history.Capacity);
        var periods = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            history.Add(values[i]);
            times.Add((SyntheticSeries.TimestampAt(i) - SyntheticSeries.Start).TotalSeconds);
            tracker.Update(SyntheticSeries.TimestampAt(i), history, times);
            periods[i] = tracker.Period;
        }

        return periods;
    }
}
