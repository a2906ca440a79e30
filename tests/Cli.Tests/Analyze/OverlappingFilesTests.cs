using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Exports that overlap in time hold the same records: each is read once, and <c>analyze</c> says so.</summary>
public sealed class OverlappingFilesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("overlap-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Records_two_exports_both_hold_are_read_once_and_a_line_written_twice_in_one_millisecond_stays_twice()
    {
        // The first export runs 12:00 to 12:02, the second 12:01 to 12:03: 12:01's records are in both, ids and all.
        // cart wrote "cart read" twice at 12:01:30.000 (two requests in one millisecond): each export holds both.
        var first = Write(
            "early.csv",
            "1,2026-01-05T12:00:00.000Z,metric,cart,cart-1,cpu,10,,,,,,",
            "2,2026-01-05T12:01:00.000Z,metric,cart,cart-1,cpu,11,,,,,,",
            "3,2026-01-05T12:01:30.000Z,log,cart,cart-1,app,0,INFO,,,,,cart read",
            "4,2026-01-05T12:01:30.000Z,log,cart,cart-1,app,0,INFO,,,,,cart read",
            "5,2026-01-05T12:01:40.000Z,span,cart,cart-1,GetCart,12,,OK,t1,c1,,");
        var second = Write(
            "late.csv",
            "2,2026-01-05T12:01:00.000Z,metric,cart,cart-1,cpu,11,,,,,,",
            "3,2026-01-05T12:01:30.000Z,log,cart,cart-1,app,0,INFO,,,,,cart read",
            "4,2026-01-05T12:01:30.000Z,log,cart,cart-1,app,0,INFO,,,,,cart read",
            "5,2026-01-05T12:01:40.000Z,span,cart,cart-1,GetCart,12,,OK,t1,c1,,",
            "6,2026-01-05T12:02:00.000Z,metric,cart,cart-1,cpu,12,,,,,,");

        var input = TelemetryInputReader.Read([second, first], (_, _) => { }, CancellationToken.None);

        Assert.Equal([1L, 2, 3, 4, 5, 6], input.Records.Select(static r => r.RecordId));
        Assert.False(input.Renumbered);
        Assert.Equal(4, input.ReadTwice.Records);
        Assert.Equal([second, first], input.ReadTwice.Files);
        Assert.Contains(
            "4 record(s) held by more than one of the files 'late.csv', 'early.csv', which overlap in time, were read once.",
            InputReport.Notes(input));
    }

    [Theory]
    [InlineData("2026-01-05T13:00:00.000Z,log,cart")] // rotated: the second file begins after the first ends
    [InlineData("2026-01-05T12:00:00.000Z,metric,cart")] // another kind over the same time
    [InlineData("2026-01-05T12:00:00.000Z,log,orders")] // another service's log group
    public void Files_that_do_not_overlap_for_a_kind_and_service_are_not_compared(string timeKindService)
    {
        var first = Write("a.csv", "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,app,0,INFO,,,,,ready");
        var second = Write("b.csv", $"-1,{timeKindService},cart-1,app,0,INFO,,,,,ready");

        var input = TelemetryInputReader.Read([first, second], (_, _) => { }, CancellationToken.None);

        Assert.Equal(2, input.Records.Count);
        Assert.Equal(OverlappingFiles.Outcome.None, input.ReadTwice);
        Assert.DoesNotContain(InputReport.Notes(input), static note => note.Contains("overlap", StringComparison.Ordinal));
    }

    [Fact]
    public void Lines_alike_within_one_file_are_all_kept()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,app,0,INFO,,,,,cart read",
            "-1,2026-01-05T12:00:00.000Z,log,cart,cart-1,app,0,INFO,,,,,cart read");

        Assert.Equal(2, input.Records.Count);
        Assert.Equal(OverlappingFiles.Outcome.None, input.ReadTwice);
    }

    [Fact]
    public void An_otlp_counter_point_in_two_exports_is_one_reading_and_a_span_exception_in_both_one_log_line()
    {
        const long second = 1_000_000_000;
        const long start = OtlpLines.Start - (600 * second);
        var points = new[] { (OtlpLines.Start, 100L), (OtlpLines.Start + (60 * second), 110L), (OtlpLines.Start + (120 * second), 125L) };
        var failing = OtlpLines.Spans(
            $$$"""{"traceId":"0af7651916cd43dd8448eb211c80319c","spanId":"b7ad6b7169203331","name":"GetCart","startTimeUnixNano":"{{{OtlpLines.Start + (60 * second)}}}","endTimeUnixNano":"{{{OtlpLines.Start + (61 * second)}}}","status":{"code":2},"events":[{"name":"exception","timeUnixNano":"{{{OtlpLines.Start + (60 * second)}}}","attributes":[{"key":"exception.type","value":{"stringValue":"TimeoutException"}},{"key":"exception.message","value":{"stringValue":"stock timed out"}}]}]}""");
        var first = Path.Combine(_folder, "first.jsonl");
        var later = Path.Combine(_folder, "later.jsonl");
        File.WriteAllLines(first, [Counter(start, points[0]), Counter(start, points[1]), failing]);
        File.WriteAllLines(later, [Counter(start, points[1]), failing, Counter(start, points[2])]);

        var input = TelemetryInputReader.Read([first, later], (_, _) => { }, CancellationToken.None);

        Assert.Equal([10.0, 15.0], input.Records.Where(static r => r.Kind == TelemetryKind.Metric).Select(static r => r.Value));
        Assert.Single(input.Records, static r => r.Kind == TelemetryKind.Span);
        Assert.Single(input.Records, static r => r.Kind == TelemetryKind.Log);
    }

    private static string Counter(long start, (long Time, long Value) point) => OtlpLines.Metrics(
        $$$"""{"name":"requests","sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[{"startTimeUnixNano":"{{{start}}}","timeUnixNano":"{{{point.Time}}}","asInt":"{{{point.Value}}}"}]}}""");

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, MeltCsvText.Text([MeltCsvText.Header, .. lines]));
        return path;
    }
}
