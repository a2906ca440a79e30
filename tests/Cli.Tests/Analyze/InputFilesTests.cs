using System.Diagnostics;
using System.IO.Compression;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>An input is opened once and read front to back, so what a Collector or a shell pipes in reads like a file.</summary>
public sealed class InputFilesTests : IDisposable
{
    private const string Csv =
        "record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message\n" +
        "1,2026-01-05T00:00:00Z,metric,cart,cart-1,cpu_percent,12.5,,,,,,\n" +
        "2,2026-01-05T00:00:01Z,log,cart,cart-1,app,0,ERROR,,,,,payment declined\n";

    private readonly string _folder = Directory.CreateTempSubdirectory("input-files-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_gzipped_csv_from_a_named_pipe_reads_as_the_file_would()
    {
        var file = Path.Combine(_folder, "telemetry.csv.gz");
        await File.WriteAllBytesAsync(file, Gzip(Csv));
        var pipe = Path.Combine(_folder, "telemetry.pipe");
        using (var mkfifo = Process.Start("mkfifo", pipe))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // The writer blocks until the reader opens the pipe, and the pipe cannot be read twice or rewound.
        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(pipe, FileMode.Open, FileAccess.Write);
            await stream.WriteAsync(Gzip(Csv));
        });
        var fromPipe = Read(pipe);
        await writer;

        var fromFile = Read(file);
        Assert.Equal(2, fromPipe.Count);
        Assert.Equal(fromFile, fromPipe);
        Assert.Equal((TelemetryKind.Log, "payment declined"), (fromPipe[1].Kind, fromPipe[1].Message));
    }

    [Fact]
    public async Task A_byte_order_mark_does_not_hide_the_header()
    {
        var file = Path.Combine(_folder, "bom.csv");
        await File.WriteAllBytesAsync(file, [0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(Csv)]);

        Assert.Equal(2, Read(file).Count);
    }

    private static List<TelemetryRecord> Read(string path)
    {
        var records = new List<TelemetryRecord>();
        var rejects = new InputRejects();
        InputFiles.Read(path, records, new StringPool(), rejects, pending: null, CancellationToken.None);
        Assert.Equal(0, rejects.Count);
        return records;
    }

    private static byte[] Gzip(string text)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(System.Text.Encoding.UTF8.GetBytes(text));
        }

        return buffer.ToArray();
    }
}
