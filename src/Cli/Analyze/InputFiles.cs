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
        var text = Open(path);
        PeekedStream stream;
        try
        {
            stream = PeekedStream.Of(text, SniffBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            text.Dispose();
            throw InputFileException.StoppedAt(path, lastLineRead: 0, ex);
        }

        using (stream)
        {
            var firstLine = FirstLine(stream.Head);
            return OtlpJsonReader.LooksLikeOtlp(path, firstLine)
                ? OtlpJsonReader.Read(path, stream, records, strings, rejects, cancellationToken)
                : MeltCsvReader.Read(path, stream, records, strings, rejects, cancellationToken);
        }
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
            throw new InputFileException(path, Directory.Exists(path) ? "it is a folder: --input takes files (several are given one after another)"
                : ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }

        var bytes = PeekedStream.Of(file, SniffBytes);
        if (bytes.Head is [0x1f, 0x8b, ..])
        {
            return new CheckedGzipStream(bytes);
        }

        if (bytes.Head.Contains((byte)0))
        {
            bytes.Dispose();
            throw new InputFileException(path, "it is not text (nor gzip-compressed text): give a CSV file in the MELT schema or OTLP JSON lines");
        }

        return bytes;
    }

    private static string FirstLine(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOfAny((byte)'\n', (byte)'\r');
        var line = end < 0 ? head : head[..end];
        // A byte-order mark is not part of the first key or column name.
        return System.Text.Encoding.UTF8.GetString(line.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? line[3..] : line);
    }
}
