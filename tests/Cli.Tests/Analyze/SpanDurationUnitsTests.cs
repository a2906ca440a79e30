using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Span durations written in seconds, read as seconds where as milliseconds most calls would begin after their caller ended.</summary>
public sealed class SpanDurationUnitsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("span-units-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Durations_in_seconds_are_read_as_seconds()
    {
        var records = CallPairs.Requests(per: 1000);

        var outcome = SpanDurationUnits.Read(records, SpanTimes.Of(records));

        Assert.True(outcome.InSeconds);
        Assert.Equal((5L, 5L, 0L), (outcome.Calls, outcome.AfterCallerAsRead, outcome.AfterCallerInSeconds));
        Assert.Equal(CallPairs.Requests(per: 1).Select(static r => r.Value), records.Select(static r => Math.Round(r.Value, 9)));
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.001)]
    public void Durations_in_milliseconds_or_a_smaller_unit_are_left_as_read(double per)
    {
        var records = CallPairs.Requests(per: per);
        var asRead = records.ToList();

        var outcome = SpanDurationUnits.Read(records, SpanTimes.Of(records));

        // Microseconds read as milliseconds make every call fit its caller: a larger unit is never ruled out so.
        Assert.False(outcome.InSeconds);
        Assert.Equal(asRead, records);
    }

    [Fact]
    public void Reading_a_csv_of_durations_in_seconds_says_so_for_the_report()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            $"0,2026-01-05T12:00:00.001Z,span,gateway,gateway-1,GET /cart,0.03,,,{1:x32},{1:x16},,",
            $"1,2026-01-05T12:00:00.006Z,span,cart,cart-1,GetCart,0.01,,,{1:x32},{2:x16},{1:x16},");

        Assert.Equal([30.0, 10.0], input.Records.Select(static r => Math.Round(r.Value, 9)));
        Assert.Contains(
            "Span durations were read as seconds: read as milliseconds, 1 of 1 calls begun later than their caller would begin after it ended, read as seconds 0.",
            InputReport.Notes(input));
    }
}
