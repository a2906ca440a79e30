using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// A span, metric reading or event sent twice (an exporter's retry, a pair of scrapers, at-least-once delivery) is read
/// once; records that share a key but differ are kept, and log lines alike stay.
/// </summary>
public sealed class RepeatedRecordsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("repeated-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_span_sent_twice_is_read_once_and_said()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "1,2026-01-05T12:00:00.000Z,span,cart,cart-1,GetCart,12,,OK,t1,c1,,",
            "2,2026-01-05T12:00:00.000Z,span,cart,cart-1,GetCart,12,,OK,t1,c1,,",
            "3,2026-01-05T12:00:00.000Z,span,cart,cart-1,GetCart,12,,OK,t2,c2,,",
            "4,2026-01-05T12:00:01.000Z,span,cart,cart-1,GetCart,12,,OK,t1,c1,,");

        // The copy at the same start is left out; the same ids a second later are another span as read.
        Assert.Equal([1L, 3, 4], input.Records.Select(static r => r.RecordId));
        Assert.Equal(1, input.Repeated.Spans);
        Assert.Contains(
            "1 span(s) sent twice (the same trace and span id, service, operation, start and duration) were read once.",
            InputReport.Notes(input));
    }

    [Fact]
    public void Spans_that_share_an_id_but_differ_and_untraced_log_lines_alike_stay()
    {
        // Zipkin's client and server halves of one call share the span id; two requests may write the same line at once.
        var input = MeltCsvText.ReadInput(
            _folder,
            "1,2026-01-05T12:00:00.000Z,span,frontend,frontend-1,GET /cart,30,,OK,t1,c1,,",
            "2,2026-01-05T12:00:00.000Z,span,cart,cart-1,GET /cart,28,,OK,t1,c1,,",
            "3,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,,,,cart read",
            "4,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,,,,cart read");

        Assert.Equal(4, input.Records.Count);
        Assert.Equal(RepeatedRecords.Outcome.None, input.Repeated);
    }

    [Fact]
    public void A_metric_reading_sent_twice_is_read_once_and_said_while_other_values_and_series_stay()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "1,2026-01-05T12:00:00.000Z,metric,cart,cart-1,cpu_percent,41.5,,,,,,",
            "2,2026-01-05T12:00:00.000Z,metric,cart,cart-1,cpu_percent,41.5,,,,,,",
            "3,2026-01-05T12:00:00.000Z,metric,cart,cart-2,cpu_percent,41.5,,,,,,",
            "4,2026-01-05T12:00:00.000Z,metric,cart,cart-1,memory_mb,41.5,,,,,,",
            "5,2026-01-05T12:00:00.000Z,metric,cart,cart-1,cpu_percent,43,,,,,,",
            "6,2026-01-05T12:01:00.000Z,metric,cart,cart-1,cpu_percent,41.5,,,,,,");

        // Another pod, another metric, another value at the instant (not a copy: both stay) and the same value a minute later.
        Assert.Equal([1L, 3, 4, 5, 6], input.Records.Select(static r => r.RecordId));
        Assert.Equal(new RepeatedRecords.Outcome(0, 1, 0, 0), input.Repeated);
        Assert.Contains("1 metric reading(s) sent twice (the same series, instant and value) were read once.", InputReport.Notes(input));
    }

    [Fact]
    public void A_counter_scraped_twice_gives_the_increases_it_gives_read_once()
    {
        string[] once =
        [
            "1,2026-01-05T12:00:00.000Z,metric,cart,cart-1,requests_total,100,,,,,,",
            "2,2026-01-05T12:01:00.000Z,metric,cart,cart-1,requests_total,160,,,,,,",
            "3,2026-01-05T12:02:00.000Z,metric,cart,cart-1,requests_total,250,,,,,,",
        ];
        string[] twice = [.. once.SelectMany(static row => new[] { row, "9" + row })];

        var single = MeltCsvText.ReadInput(_folder, once);
        var doubled = MeltCsvText.ReadInput(_folder, twice);

        Assert.Equal(3, doubled.Repeated.Readings);
        Assert.Equal(
            single.Records.Select(static r => (r.Timestamp, r.Name, r.Value)),
            doubled.Records.Select(static r => (r.Timestamp, r.Name, r.Value)));
    }

    [Fact]
    public void An_event_delivered_twice_is_read_once_and_one_that_differs_stays()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "1,2026-01-05T12:00:00.000Z,event,cart,cart-1,deploy,0,,,,,,cart v2",
            "2,2026-01-05T12:00:00.000Z,event,cart,cart-1,deploy,0,,,,,,cart v2",
            "3,2026-01-05T12:00:00.000Z,event,cart,cart-1,deploy,0,,,,,,cart v3");

        Assert.Equal([1L, 3], input.Records.Select(static r => r.RecordId));
        Assert.Equal(new RepeatedRecords.Outcome(0, 0, 1, 0), input.Repeated);
        Assert.Contains("1 event(s) sent twice (alike in every field, at the same instant) were read once.", InputReport.Notes(input));
    }

    [Fact]
    public void A_requests_log_line_sent_twice_is_read_once_and_said_while_another_requests_stays()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "1,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,t1,c1,,cart read",
            "2,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,t1,c1,,cart read",
            "3,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,t2,c2,,cart read",
            "4,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,t1,c1,,cart written");

        Assert.Equal([1L, 3, 4], input.Records.Select(static r => r.RecordId));
        Assert.Equal(new RepeatedRecords.Outcome(0, 0, 0, 1), input.Repeated);
        Assert.Contains("1 log line(s) of requests sent twice (alike in every field, at the same instant) were read once.", InputReport.Notes(input));
    }
}
