using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A span sent twice (an exporter's retry) is read once; spans that share an id but differ are kept.</summary>
public sealed class RepeatedSpansTests : IDisposable
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
        Assert.Equal(1, input.RepeatedSpans);
        Assert.Contains(
            "1 span(s) sent twice (the same trace and span id, service, operation, start and duration) were read once.",
            InputReport.Notes(input));
    }

    [Fact]
    public void Spans_that_share_an_id_but_differ_and_log_lines_alike_stay()
    {
        // Zipkin's client and server halves of one call share the span id; two requests may write the same line at once.
        var input = MeltCsvText.ReadInput(
            _folder,
            "1,2026-01-05T12:00:00.000Z,span,frontend,frontend-1,GET /cart,30,,OK,t1,c1,,",
            "2,2026-01-05T12:00:00.000Z,span,cart,cart-1,GET /cart,28,,OK,t1,c1,,",
            "3,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,,,,cart read",
            "4,2026-01-05T12:00:00.000Z,log,cart,cart-1,log,0,INFO,,,,,cart read");

        Assert.Equal(4, input.Records.Count);
        Assert.Equal(0, input.RepeatedSpans);
    }
}
