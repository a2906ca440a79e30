using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// A trace or span id of all zeros (W3C's invalid id, written where a line has no span around it) is read as none: the
/// lines are not one request, a line gets its request from the ids its text names, and a root's zero parent is no parent.
/// </summary>
public sealed class ZeroIdsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("zero-ids-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void All_zero_ids_are_read_as_none_and_said_and_a_line_takes_the_ids_its_text_names()
    {
        const string Zeros = "00000000000000000000000000000000";
        var input = MeltCsvText.ReadInput(
            _folder,
            $"1,2026-01-05T12:00:00.000Z,span,cart,cart-1,GetCart,12,,OK,{"ab".PadRight(32, '1')},c1c1c1c1c1c1c1c1,0000000000000000,",
            $"2,2026-01-05T12:00:00.005Z,log,cart,cart-1,log,0,INFO,,{Zeros},0000000000000000,,TraceID: {"ab".PadRight(32, '1')} SpanID: c1c1c1c1c1c1c1c1 cart read",
            $"3,2026-01-05T12:00:00.006Z,log,cart,cart-1,log,0,INFO,,{Zeros},0000000000000000,,cache warmed");

        Assert.Equal(3, input.ZeroIds);
        Assert.Null(input.Records.Single(static r => r.Kind == TelemetryKind.Span).ParentSpanId);
        var named = input.Records.Single(static r => r.RecordId == 2);
        Assert.Equal(("ab".PadRight(32, '1'), "c1c1c1c1c1c1c1c1"), (named.TraceId, named.SpanId));
        var unnamed = input.Records.Single(static r => r.RecordId == 3);
        Assert.Equal((null, null), (unnamed.TraceId, unnamed.SpanId));
        Assert.Contains("3 record(s) carried a trace or span id of all zeros, read as none.", InputReport.Notes(input));
    }

    [Fact]
    public void Ids_with_zeros_among_other_digits_stay()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "1,2026-01-05T12:00:00.000Z,span,cart,cart-1,GetCart,12,,OK,00000000000000000000000000000001,0000000000000010,,");

        Assert.Equal(0, input.ZeroIds);
        Assert.Equal(("00000000000000000000000000000001", "0000000000000010"), (input.Records[0].TraceId, input.Records[0].SpanId));
    }
}
