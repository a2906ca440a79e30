using System.IO.Compression;
using System.Text;
using AnomalyPlatform.ServiceDefaults.Compression;

namespace AnomalyPlatform.ServiceDefaults.Tests.Compression;

/// <summary>A gzip input is read whole or refused: .NET's GZipStream ends quietly where a truncated file stops.</summary>
public sealed class CheckedGzipStreamTests
{
    private static readonly byte[] Text = Encoding.UTF8.GetBytes(string.Concat(
        Enumerable.Range(0, 20_000).Select(i => $"{i},2026-01-05T00:{i / 600 % 60:00}:{i / 10 % 60:00}.000Z,metric,cart,cart-{i % 3},cpu_percent,{i * 7 % 100}.5\n")));

    [Fact]
    public void A_whole_file_reads_as_the_text_it_holds()
    {
        Assert.Equal(Text, Decompress(Gzip(Text)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(65_535)]
    public void Texts_of_any_size_read_whole_in_reads_of_any_size(int size)
    {
        var text = Text[..size];

        Assert.Equal(text, Decompress(Gzip(text), readSize: 1 + (size % 7)));
        Assert.Equal(text, Decompress(Gzip(text, CompressionLevel.SmallestSize)));
    }

    [Fact]
    public void A_file_cut_in_half_is_refused_as_truncated_with_the_lines_read_whole()
    {
        var whole = Gzip(Text);

        var error = Assert.Throws<GzipDataException>(() => Decompress(whole[..(whole.Length / 2)]));

        Assert.StartsWith("the file is truncated: its gzip data stops mid-stream", error.Message, StringComparison.Ordinal);
        Assert.Matches(@"after [\d,]+ whole lines of text", error.Message);
    }

    [Fact]
    public void A_file_cut_anywhere_is_refused_even_inside_its_header_or_its_closing_checksum()
    {
        var whole = Gzip(Text[..5000]);

        foreach (var length in new[] { 2, 5, 11, whole.Length / 3, whole.Length - 9, whole.Length - 8, whole.Length - 4, whole.Length - 1 })
        {
            Assert.Throws<GzipDataException>(() => Decompress(whole[..length]));
        }
    }

    [Fact]
    public void Flipped_bytes_are_refused_as_corrupt_not_as_an_unsupported_compression_method()
    {
        var corrupt = Gzip(Text);
        var random = new Random(7);
        var refusals = new List<string>();
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var copy = corrupt.ToArray();
            var at = random.Next(20, copy.Length - 100);
            for (var i = 0; i < 50; i++)
            {
                copy[at + i] = (byte)random.Next(256);
            }

            refusals.Add(Assert.Throws<GzipDataException>(() => Decompress(copy)).Message);
        }

        Assert.All(refusals, message => Assert.DoesNotContain("unsupported compression method", message, StringComparison.Ordinal));
        Assert.All(refusals, message => Assert.Contains("corrupt", message, StringComparison.Ordinal));
    }

    [Fact]
    public void Members_one_after_another_read_as_one_text_as_gzip_reads_them()
    {
        byte[] members = [.. Gzip(Text[..70_000]), .. Gzip([]), .. Gzip([]), .. GzipWithName(Text[70_000..]), .. Gzip(Text[..10])];

        Assert.Equal([.. Text, .. Text[..10]], Decompress(members));
    }

    [Fact]
    public void Many_members_of_any_size_read_whole_whatever_the_read_size()
    {
        var random = new Random(11);
        for (var attempt = 0; attempt < 30; attempt++)
        {
            var members = Enumerable.Range(0, random.Next(1, 6)).Select(_ => Text.AsSpan(random.Next(Text.Length / 2)).ToArray()[..random.Next(0, 150_000)]).ToList();

            var text = Decompress([.. members.SelectMany(member => Gzip(member))], readSize: random.Next(1, 40_000));

            Assert.Equal(members.SelectMany(member => member), text);
        }
    }

    [Fact]
    public void Zero_padding_after_the_data_is_skipped_and_anything_else_is_refused()
    {
        var whole = Gzip(Text[..1000]);

        Assert.Equal(Text[..1000], Decompress([.. whole, .. new byte[512]]));
        var error = Assert.Throws<GzipDataException>(() => Decompress([.. whole, .. "garbage"u8]));
        Assert.Contains("bytes that are not gzip", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Decompress(byte[] gzip, int readSize = 16 * 1024)
    {
        using var stream = new CheckedGzipStream(new MemoryStream(gzip));
        using var text = new MemoryStream();
        var buffer = new byte[readSize];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            text.Write(buffer, 0, read);
        }

        return text.ToArray();
    }

    private static byte[] Gzip(byte[] text, CompressionLevel level = CompressionLevel.Fastest)
    {
        if (text.Length == 0)
        {
            // GZipStream writes nothing for no text (before .NET 11); gzip(1) writes an empty member.
            return [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        }

        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, level))
        {
            gzip.Write(text);
        }

        return buffer.ToArray();
    }

    /// <summary>A member whose header carries a file name and a comment, as gzip(1) writes one.</summary>
    private static byte[] GzipWithName(byte[] text)
    {
        var plain = Gzip(text);
        plain[3] = 0x08 | 0x10;
        return [.. plain[..10], .. "telemetry.csv\0"u8, .. "day one\0"u8, .. plain[10..]];
    }
}
