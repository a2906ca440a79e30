using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class SeriesTimestampTests
{
    private static readonly DateTime NabMoment = new(2014, 4, 10, 7, 15, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData("2014-04-10 07:15:00")]
    [InlineData("2014-04-10T07:15:00Z")]
    [InlineData("2014-04-10T09:15:00+02:00")]
    [InlineData("1397114100")]
    [InlineData("1397114100000")]
    [InlineData("1397114100000000")]
    [InlineData("1397114100000000000")]
    public void A_date_or_unix_time_in_any_unit_names_the_same_moment(string text)
    {
        Assert.Equal(NabMoment, SeriesTimestamp.TryRead(text, out _));
    }

    [Fact]
    public void Fractional_unix_seconds_keep_their_milliseconds()
    {
        Assert.Equal(NabMoment.AddMilliseconds(123), SeriesTimestamp.TryRead("1397114100.123", out _));
    }

    [Theory]
    [InlineData("yesterday", "is not a date and time")]
    [InlineData("17", "is a number below 100000000")]
    [InlineData("-1397114100", "is not a date and time")]
    [InlineData("1.397e9", "is not a date and time")]
    [InlineData("1397114100.1.2", "is not a date and time")]
    [InlineData("99999999999999999999999", "beyond the year 9999")]
    public void Anything_else_is_refused_saying_why(string text, string reason)
    {
        Assert.Null(SeriesTimestamp.TryRead(text, out var why));
        Assert.Contains(reason, why);
    }
}
