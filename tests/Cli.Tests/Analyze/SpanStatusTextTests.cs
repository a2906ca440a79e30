using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A span's status as exports write it: the schema's words, OTLP's names and numbers, HTTP codes; anything else read as OK and told.</summary>
public sealed class SpanStatusTextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("span-status-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("ERROR", SpanStatus.Error)]
    [InlineData(" error ", SpanStatus.Error)]
    [InlineData("STATUS_CODE_ERROR", SpanStatus.Error)]
    [InlineData("2", SpanStatus.Error)]
    [InlineData("500", SpanStatus.Error)]
    [InlineData("503", SpanStatus.Error)]
    [InlineData("Fault", SpanStatus.Error)]
    [InlineData("failed", SpanStatus.Error)]
    [InlineData("OK", SpanStatus.Ok)]
    [InlineData("", SpanStatus.Ok)]
    [InlineData("STATUS_CODE_UNSET", SpanStatus.Ok)]
    [InlineData("status_code_ok", SpanStatus.Ok)]
    [InlineData("0", SpanStatus.Ok)]
    [InlineData("1", SpanStatus.Ok)]
    [InlineData("200", SpanStatus.Ok)]
    [InlineData("404", SpanStatus.Ok)]
    [InlineData("Success", SpanStatus.Ok)]
    public void A_status_as_exports_write_it_is_read_as_ok_or_error(string text, SpanStatus status) =>
        Assert.Equal(status, SpanStatusText.Of(text));

    [Theory]
    [InlineData("bad")]
    [InlineData("7")]
    [InlineData("600")]
    [InlineData("true")]
    public void A_status_that_names_neither_is_not_understood(string text) => Assert.Null(SpanStatusText.Of(text));

    [Fact]
    public void A_csvs_failed_spans_written_as_http_codes_count_as_errors_and_unknown_statuses_are_told()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            $"0,2026-01-05T12:00:00.000Z,span,cart,cart-1,GET /cart,12,,500,{1:x32},{1:x16},,",
            $"1,2026-01-05T12:00:01.000Z,span,cart,cart-1,GET /cart,12,,STATUS_CODE_OK,{2:x32},{2:x16},,",
            $"2,2026-01-05T12:00:02.000Z,span,cart,cart-1,GET /cart,12,,bad,{3:x32},{3:x16},,",
            $"3,2026-01-05T12:00:03.000Z,span,cart,cart-1,GET /cart,12,,bad,{4:x32},{4:x16},,");

        Assert.Equal([SpanStatus.Error, SpanStatus.Ok, SpanStatus.Ok, SpanStatus.Ok], input.Records.Select(static r => r.Status));
        Assert.Equal(0, input.Rejects.Count);
        var note = Assert.Single(InputReport.Notes(input), static n => n.Contains("status not understood", StringComparison.Ordinal));
        Assert.StartsWith("2 span(s) with a status not understood ('bad' (2); the first at ", note, StringComparison.Ordinal);
        Assert.EndsWith("line 4) were read as OK.", note, StringComparison.Ordinal);
    }
}
