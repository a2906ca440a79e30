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

    private static int[] Track(double[] values, double retainAutocorrelation)
    {
        const int maxPeriod = 2 * SyntheticSeries.PointsPerDay;
        var tracker = new SeasonalPeriodTracker(0.4, reviewEvery: 64, cyclesNeeded: 3, maxPeriod, retainAutocorrelation);
        var history = new ValueHistory((3 * maxPeriod) + 2);
        var periods = new int[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            history.Add(values[i]);
            tracker.Update(SyntheticSeries.TimestampAt(i), history);
            periods[i] = tracker.Period;
        }

        return periods;
    }
}
