using System.IO.Compression;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Opens an input file as text whatever its compression (gzip is recognised by its bytes, not its name) and hands it
/// to the reader of its format: OTLP JSON lines (<see cref="OtlpJsonReader"/>) or the MELT CSV schema
/// (<see cref="MeltCsvReader"/>).
/// </summary>
internal static class InputFiles
{
    public static long Read(string path, List<TelemetryRecord> records, StringPool strings, InputRejects rejects, CancellationToken cancellationToken)
    {
        string firstLine;
        using (var sniff = new StreamReader(Open(path)))
        {
            firstLine = sniff.ReadLine() ?? "";
        }

        using var stream = Open(path);
        return OtlpJsonReader.LooksLikeOtlp(firstLine)
            ? OtlpJsonReader.Read(path, stream, records, strings, rejects, cancellationToken)
            : MeltCsvReader.Read(path, stream, records, strings, rejects, cancellationToken);
    }

    private static Stream Open(string path)
    {
        FileStream file;
        try
        {
            file = File.OpenRead(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }

        Span<byte> magic = stackalloc byte[2];
        var isGzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        if (isGzip)
        {
            return new GZipStream(file, CompressionMode.Decompress);
        }

        if (LooksBinary(file))
        {
            file.Dispose();
            throw new InputFileException(path, "it is not text (nor gzip-compressed text): give a CSV file in the MELT schema or OTLP JSON lines");
        }

        return file;
    }

    /// <summary>A NUL byte among the first 4 KiB: no CSV or JSON text has one.</summary>
    private static bool LooksBinary(FileStream file)
    {
        Span<byte> head = stackalloc byte[4096];
        var count = file.Read(head);
        file.Position = 0;
        return head[..count].Contains((byte)0);
    }
}
