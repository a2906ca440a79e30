using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Log lines without a level of their own, read at the level their text states.</summary>
public sealed class LogLevelInTextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("log-levels-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("16:42:09.486 ERROR t.c.TravelController#115 TraceID: 6f3c SpanID: 576f [query][failed]", LogLevel.Error)]
    [InlineData("2026-01-05 12:00:00,123 [http-nio-8080-exec-1] WARN  c.x.CartService - retrying", LogLevel.Warn)]
    [InlineData("[DEBUG] cache miss for key user:42", LogLevel.Debug)]
    [InlineData("""{"http.req.id":"fc48","message":"Request started","severity":"info","timestamp":"2022-08-22T05:18:16Z"}""", LogLevel.Info)]
    [InlineData("""{"msg":"an error occurred while reading","level":"error"}""", LogLevel.Error)]
    [InlineData("ts=2026-01-05T12:00:00Z level=warn msg=\"slow query\"", LogLevel.Warn)]
    [InlineData("INFO:root:retry after ERROR from payment", LogLevel.Info)]
    [InlineData("""{"level":50,"time":1767614400000,"pid":7,"msg":"stock timed out"}""", LogLevel.Error)]
    [InlineData("""{"level":40,"msg":"slow"}""", LogLevel.Warn)]
    [InlineData("""{"level":30,"msg":"GET /cart"}""", LogLevel.Info)]
    [InlineData("""{"level":20,"msg":"cache miss"}""", LogLevel.Debug)]
    public void A_level_field_or_a_capitalised_level_word_is_the_lines_level(string message, LogLevel level)
    {
        Assert.Equal(level, SeverityText.InMessage(message));
    }

    [Theory]
    [InlineData("an error occurred while reading the cart")]
    [InlineData("GET /cart 200 in 12 ms")]
    [InlineData("""{"errorLevel":"high","msg":"ok"}""")]
    [InlineData("""{"level":3,"msg":"a number no logger writes so"}""")]
    public void Prose_and_unknown_fields_state_no_level(string message)
    {
        Assert.Null(SeverityText.InMessage(message));
    }

    [Fact]
    public void A_csv_line_with_an_empty_level_is_read_at_its_texts_level_and_a_stated_level_wins_over_the_text()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,log,cart,cart-1,app,0,,,,,,16:42:09.486 ERROR c.CartController - cart read failed",
            "1,2026-01-05T12:00:01.000Z,log,cart,cart-1,app,0,INFO,,,,,16:42:10.486 ERROR c.CartController - logged as INFO",
            "2,2026-01-05T12:00:02.000Z,log,cart,cart-1,app,0,,,,,,cart read");

        Assert.Equal([LogLevel.Error, LogLevel.Info, LogLevel.Info], input.Records.Select(static r => r.Level));
        Assert.Equal(1, input.Rejects.LevelsFromText);
        Assert.Contains("1 log lines had no level of their own: read at the level their text states.", InputReport.Notes(input));
    }

    [Fact]
    public void An_otlp_log_record_without_severity_is_read_at_its_bodys_level()
    {
        var (records, rejects) = OtlpLines.Read(
            _folder,
            OtlpLines.Logs(
                $$$"""{"timeUnixNano":"{{{OtlpLines.Start}}}","body":{"stringValue":"2026-01-05 12:00:00 ERROR redis timed out"}}""",
                $$$"""{"timeUnixNano":"{{{OtlpLines.Start}}}","severityText":"INFO","body":{"stringValue":"2026-01-05 12:00:00 ERROR but said INFO"}}"""));

        Assert.Equal([LogLevel.Error, LogLevel.Info], records.Select(static r => r.Level));
        Assert.Equal(1, rejects.LevelsFromText);
    }
}
