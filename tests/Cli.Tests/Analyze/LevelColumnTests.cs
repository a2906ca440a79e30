using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A log line's level column as loggers write it: the usual words, glog's and Android's letters; anything else told.</summary>
public sealed class LevelColumnTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("level-column-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("E", LogLevel.Error)]
    [InlineData("f", LogLevel.Error)]
    [InlineData("W", LogLevel.Warn)]
    [InlineData("I", LogLevel.Info)]
    [InlineData("D", LogLevel.Debug)]
    [InlineData("V", LogLevel.Debug)]
    [InlineData("warning", LogLevel.Warn)]
    [InlineData("ERROR2", LogLevel.Error)]
    public void A_level_written_as_a_word_or_a_letter_is_read(string text, LogLevel level) => Assert.Equal(level, SeverityText.InColumn(text));

    [Theory]
    [InlineData("X")]
    [InlineData("loud")]
    [InlineData("EW")]
    public void Anything_else_is_not_a_level(string text) => Assert.Null(SeverityText.InColumn(text));

    [Fact]
    public void A_csvs_lines_with_an_unknown_level_are_read_as_their_text_states_and_told()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,log,cart,cart-1,app,0,E,,,,,cart read failed",
            "1,2026-01-05T12:00:01.000Z,log,cart,cart-1,app,0,loud,,,,,12:00:01.000 ERROR CartController - read failed",
            "2,2026-01-05T12:00:02.000Z,log,cart,cart-1,app,0,loud,,,,,cart read");

        Assert.Equal([LogLevel.Error, LogLevel.Error, LogLevel.Info], input.Records.Select(static r => r.Level));
        var note = Assert.Single(InputReport.Notes(input), static n => n.Contains("level not understood", StringComparison.Ordinal));
        Assert.StartsWith("2 log line(s) with a level not understood ('loud' (2); the first at ", note, StringComparison.Ordinal);
        Assert.EndsWith("line 3) were read at the level their text states, else as INFO.", note, StringComparison.Ordinal);
    }
}
