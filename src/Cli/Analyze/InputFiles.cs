using AnomalyPlatform.ServiceDefaults.Compression;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Opens an input file as text whatever its compression (gzip is recognised by its bytes, not its name) and hands it
/// to the reader of its format: OTLP JSON lines (<see cref="OtlpJsonReader"/>) or the MELT CSV schema
/// (<see cref="MeltCsvReader"/>). The file is opened and read once, front to back, so a pipe (<c>/dev/stdin</c>, a
/// named pipe a Collector writes to) serves as well as a file: the format is told from the text's first bytes, which the
/// reader then gets again.
/// </summary>
internal static class InputFiles
{
    /// <summary>Enough of the text to hold the first line of either format's start (a JSON object's first key, a CSV header).</summary>
    private const int SniffBytes = 4096;

    public static long Read(string path, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, CancellationToken cancellationToken)
    {
        using var text = Open(path);
        var head = new byte[SniffBytes];
        int length;
        try
        {
            length = ReadUpTo(text, head);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw InputFileException.StoppedAt(path, lastLineRead: 0, ex);
        }

        var firstLine = FirstLine(head.AsSpan(0, length));
        using var stream = new HeadThenRest(head, length, text);
        return OtlpJsonReader.LooksLikeOtlp(path, firstLine)
            ? OtlpJsonReader.Read(path, stream, records, strings, rejects, cancellationToken)
            : MeltCsvReader.Read(path, stream, records, strings, rejects, cancellationToken);
    }

    /// <summary>The file's text: gunzipped when its first two bytes are gzip's; refused when its first bytes hold a NUL (no CSV or JSON text has one).</summary>
    private static Stream Open(string path)
    {
        FileStream file;
        try
        {
            file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }

        var raw = new byte[SniffBytes];
        var length = ReadUpTo(file, raw);
        var bytes = new HeadThenRest(raw, length, file);
        if (length >= 2 && raw[0] == 0x1f && raw[1] == 0x8b)
        {
            return new CheckedGzipStream(bytes);
        }

        if (raw.AsSpan(0, length).Contains((byte)0))
        {
            bytes.Dispose();
            throw new InputFileException(path, "it is not text (nor gzip-compressed text): give a CSV file in the MELT schema or OTLP JSON lines");
        }

        return bytes;
    }

    /// <summary>Fills <paramref name="buffer"/> as far as the stream goes (a pipe may hand over less than asked per read).</summary>
    private static int ReadUpTo(Stream stream, byte[] buffer)
    {
        var length = 0;
        int read;
        while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
        {
            length += read;
        }

        return length;
    }

    private static string FirstLine(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOfAny((byte)'\n', (byte)'\r');
        var line = end < 0 ? head : head[..end];
        // A byte-order mark is not part of the first key or column name.
        return System.Text.Encoding.UTF8.GetString(line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? line[3..] : line);
    }

    /// <summary>A stream read from its start although its first bytes were already taken: those bytes, then the rest.</summary>
    private sealed class HeadThenRest(byte[] head, int headLength, Stream rest) : ForwardReadStream
    {
        private int _position;

        public override int Read(Span<byte> buffer)
        {
            if (_position < headLength)
            {
                var count = Math.Min(buffer.Length, headLength - _position);
                head.AsSpan(_position, count).CopyTo(buffer);
                _position += count;
                return count;
            }

            return rest.Read(buffer);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                rest.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
