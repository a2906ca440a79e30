using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class SeriesAveragingTests
{
    [Fact]
    public void Readings_are_averaged_into_the_interval_that_holds_them_in_time_order()
    {
        var start = new DateTime(2018, 4, 25, 0, 0, 0);
        // Minutes 0-4 and 5-9, with one reading of the first interval arriving late (after the second's).
        DateTime[] times = [start, start.AddMinutes(1), start.AddMinutes(5), start.AddMinutes(6), start.AddMinutes(4)];
        double[] values = [1, 2, 10, 20, 3];
        var series = new UnivariateSeries("s.csv", times, values, [.. times.Select(static t => t.ToString("O"))], [.. values.Select(static v => v.ToString("R"))])
        {
            MissingValues = 1,
            FirstMissingLines = [7],
        };

        var averaged = SeriesAveraging.Average(series, TimeSpan.FromMinutes(5));

        Assert.Equal([start, start.AddMinutes(5)], averaged.Timestamps);
        Assert.Equal([2.0, 15.0], averaged.Values);
        Assert.Equal(["2018-04-25 00:00:00", "2018-04-25 00:05:00"], averaged.TimestampTexts);
        Assert.Equal(1, averaged.MissingValues);
    }

    [Theory]
    [InlineData("30s", 30)]
    [InlineData("5m", 300)]
    [InlineData("1.5h", 5400)]
    [InlineData("1D", 86400)]
    public void Intervals_are_a_number_and_a_unit(string text, double seconds)
    {
        Assert.True(SeriesAveraging.TryParseInterval(text, out var interval));
        Assert.Equal(TimeSpan.FromSeconds(seconds), interval);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("m")]
    [InlineData("0m")]
    [InlineData("-5m")]
    [InlineData("5 minutes")]
    [InlineData("0.1s")]
    public void Anything_else_is_not_an_interval(string text) => Assert.False(SeriesAveraging.TryParseInterval(text, out _));
}
