using System.Text;
using AnomalyPlatform.Cli.Analyze;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>The lines of a UTF-8 stream as bytes, whatever the stream's reads return and however long a line is.</summary>
public sealed class Utf8LineReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lines_come_without_their_breaks_or_the_byte_order_mark_however_the_stream_hands_out_its_bytes(bool oneByteAtATime)
    {
        var longLine = new string('x', 200_000);
        var text = "\uFEFF{\"a\":1}\r\n\n" + longLine + "\nlast without a break";
        using var stream = oneByteAtATime ? new TrickleStream(Encoding.UTF8.GetBytes(text)) : new MemoryStream(Encoding.UTF8.GetBytes(text));

        Assert.Equal(["{\"a\":1}", "", longLine, "last without a break"], Lines(stream));
    }

    [Fact]
    public void An_empty_stream_has_no_line_and_a_lone_break_one_empty_line()
    {
        Assert.Empty(Lines(new MemoryStream()));
        Assert.Equal([""], Lines(new MemoryStream("\n"u8.ToArray())));
    }

    private static List<string> Lines(Stream stream)
    {
        using var reader = new Utf8LineReader(stream);
        var lines = new List<string>();
        while (reader.TryReadLine(out var line))
        {
            lines.Add(Encoding.UTF8.GetString(line.Span));
        }

        return lines;
    }

    /// <summary>A pipe that hands out one byte a read.</summary>
    private sealed class TrickleStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
    }
}
