using System.Text;
using AnomalyPlatform.ServiceDefaults.Compression;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Opens an input file as text whatever its compression (gzip is recognised by its bytes, not its name) and hands it
/// to the reader of its format: OTLP JSON (<see cref="OtlpJsonReader"/>: JSON lines, or
/// requests spread over many lines, <see cref="JsonValues"/>), Jaeger's, Zipkin's or AWS X-Ray's JSON traces
/// (<see cref="JaegerJsonReader"/>, <see cref="ZipkinJsonReader"/>, <see cref="XRayJsonReader"/>), CloudWatch Logs' JSON (<see cref="CloudWatchLogsReader"/>),
/// Prometheus' query API answers (<see cref="PrometheusJsonReader"/>) or the MELT CSV schema
/// (<see cref="MeltCsvReader"/>). The file is opened and read once, front to back, so a pipe (<c>/dev/stdin</c>, a
/// named pipe a Collector writes to) serves as well as a file: the format is told from the text's first bytes, which the
/// reader then gets again.
/// </summary>
internal static class InputFiles
{
    /// <summary>Enough of the text to hold the first line of either format's start (a JSON object's first key, a CSV header).</summary>
    private const int SniffBytes = 4096;

    /// <param name="pending">Where what becomes records only once every file is read goes (<see cref="PendingRecords"/>); null to settle it at the file's end.</param>
    public static long Read(
        string path, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, PendingRecords? pending, CancellationToken cancellationToken) =>
        Read(path, OpenFile(path), records, strings, rejects, pending, cancellationToken);

    /// <summary>Reads an input that is not a file (an S3 object), named <paramref name="path"/> in what is said of it; the stream is disposed.</summary>
    /// <param name="pending">Where what becomes records only once every file is read goes (<see cref="PendingRecords"/>); null to settle it at the file's end.</param>
    public static long Read(
        string path, Stream raw, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, PendingRecords? pending,
        CancellationToken cancellationToken)
    {
        var settled = pending ?? new PendingRecords();
        var before = records.Count + settled.Count;
        ReadText(path, raw, records, strings, rejects, settled, cancellationToken);
        var read = records.Count + settled.Count - before;
        if (pending is null)
        {
            settled.Settle(records, rejects);
        }

        return read;
    }

    private static void ReadText(
        string path, Stream raw, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, PendingRecords pending,
        CancellationToken cancellationToken)
    {
        using (var stream = Peek(path, Decoded(path, raw)))
        {
            var (firstLine, moreLines) = FirstLine(stream.Head);
            // A Collector's file exporter leaves an empty file for a signal it caught none of: nothing to read, no mistake.
            if (firstLine.Length == 0 && stream.Head.Length < SniffBytes)
            {
                rejects.AddEmptyFile(path);
                return;
            }

            var spread = JsonValues.SpreadOverLines(firstLine, moreLines);
            // JSON spread over lines names what it holds on a later line than its first.
            var start = spread ? Encoding.UTF8.GetString(WithoutMark(stream.Head)) : firstLine;
            if (JsonTelemetryFormats.All.FirstOrDefault(format => format.Recognises(start)) is { } format)
            {
                JsonValues.Each(path, stream, spread, rejects, format.ReaderFor(new JsonInputFile(path, records, strings, rejects, pending.Exceptions)), cancellationToken);
            }
            else if (OtlpJsonReader.LooksLikeOtlp(path, start))
            {
                OtlpJsonReader.Read(path, stream, spread, records, strings, rejects, pending, cancellationToken);
            }
            else
            {
                MeltCsvReader.Read(path, stream, records, strings, rejects, cancellationToken);
            }
        }
    }

    /// <summary>The file, or why it cannot be read.</summary>
    private static FileStream OpenFile(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }
    }

    /// <summary>The input's text: gunzipped when its first two bytes are gzip's; refused when its first bytes hold a NUL (no CSV or JSON text has one).</summary>
    private static Stream Decoded(string path, Stream raw)
    {
        var bytes = Peek(path, raw);

        if (bytes.Head is [0x1f, 0x8b, ..])
        {
            return new CheckedGzipStream(bytes);
        }

        if (bytes.Head.Contains((byte)0))
        {
            // The Collector's file exporter compresses with zstd only, each frame after a 4-byte length.
            var zstd = bytes.Head.StartsWith(ZstdMagic) || (bytes.Head.Length > 4 && bytes.Head[4..].StartsWith(ZstdMagic));
            bytes.Dispose();
            throw new InputFileException(path, zstd
                ? "it is zstd-compressed (the Collector's file exporter with compression: zstd): write it uncompressed (leave compression unset) or as gzip, or decompress it first"
                : "it is not text (nor gzip-compressed text): give a CSV file in the MELT schema or OTLP JSON lines (the Collector's file exporter with format: json)");
        }

        return bytes;
    }

    /// <summary>The stream with its first bytes read ahead; a stream that breaks off there (corrupt gzip, a dropped connection) is said.</summary>
    private static PeekedStream Peek(string path, Stream stream)
    {
        try
        {
            return PeekedStream.Of(stream, SniffBytes);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            stream.Dispose();
            throw InputFileException.StoppedAt(path, lastLineRead: 0, ex);
        }
    }

    private static ReadOnlySpan<byte> ZstdMagic => [0x28, 0xB5, 0x2F, 0xFD];

    /// <summary>
    /// The first line that holds anything (empty lines before a CSV header or the first OTLP line say nothing of the
    /// format), and whether another line that holds anything follows it in <paramref name="head"/>.
    /// </summary>
    private static (string Line, bool MoreLines) FirstLine(ReadOnlySpan<byte> head)
    {
        head = WithoutMark(head).TrimStart(" \t\r\n"u8);
        var end = head.IndexOfAny((byte)'\n', (byte)'\r');
        return end < 0
            ? (Encoding.UTF8.GetString(head), false)
            : (Encoding.UTF8.GetString(head[..end]), !head[end..].Trim(" \t\r\n"u8).IsEmpty);
    }

    /// <summary>A byte-order mark is not part of the first key or column name.</summary>
    private static ReadOnlySpan<byte> WithoutMark(ReadOnlySpan<byte> head) =>
        head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head;
}
