using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Spans stamped at their end, read as begun their duration earlier where their calls fit their callers only so.</summary>
public sealed class SpanEndStampsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("span-ends-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Spans_whose_calls_fit_their_callers_only_read_as_ended_at_their_stamp_are_read_so()
    {
        var records = CallPairs.Requests(atEnd: true);

        var outcome = SpanEndStamps.Read(records, SpanTimes.Of(records));

        Assert.True(outcome.AtEnd);
        Assert.Equal((5L, 5L, 0L), (outcome.Calls, outcome.BrokenAsRead, outcome.BrokenAtEnd));
        Assert.Equal(CallPairs.Requests(atEnd: false).Select(static r => r.Timestamp).Order(), records.Select(static r => r.Timestamp).Order());
    }

    [Fact]
    public void Spans_stamped_at_their_start_are_left_as_read()
    {
        var records = CallPairs.Requests(atEnd: false);
        var asRead = records.ToList();

        var outcome = SpanEndStamps.Read(records, SpanTimes.Of(records));

        Assert.False(outcome.AtEnd);
        Assert.Equal((5L, 0L, 5L), (outcome.Calls, outcome.BrokenAsRead, outcome.BrokenAtEnd));
        Assert.Equal(asRead, records);
    }

    [Fact]
    public void Reading_a_csv_of_spans_stamped_at_their_end_says_so_for_the_report()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            $"0,2026-01-05T12:00:00.015Z,span,cart,cart-1,GetCart,10,,,{1:x32},{2:x16},{1:x16},",
            $"1,2026-01-05T12:00:00.030Z,span,gateway,gateway-1,GET /cart,30,,,{1:x32},{1:x16},,");

        Assert.Equal([new DateTime(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 5, 12, 0, 0, 5, DateTimeKind.Utc)], input.Records.Select(static r => r.Timestamp));
        Assert.Contains(
            "Spans were read as stamped at their end: so 0 of 1 calls began before the span that made them or ended after it, against 1 read as stamped at their start.",
            InputReport.Notes(input));
    }
}
