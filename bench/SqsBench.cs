using System.Globalization;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Generator;
using AnomalyPlatform.Generator.Segments;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Spectre.Console;

namespace AnomalyPlatform.Bench;

/// <summary>
/// The SQS cases: the run end to end over the SQS endpoint in <c>AWS_ENDPOINT_URL_SQS</c> (fauxqs locally, see the
/// README), and the bytes per record the telemetry takes on the wire. The services as separate processes are measured
/// through the Aspire application (README, "The Aspire application").
/// </summary>
internal static class SqsBench
{
    public const string EndpointVariable = "AWS_ENDPOINT_URL_SQS";

    /// <summary>Segments of this size give a million-record run four, so that two detectors have work to share.</summary>
    public const int SegmentRecords = 250_000;

    public static bool HasEndpoint => !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(EndpointVariable));

    /// <summary>The command-line run with every service in this process, its messages over SQS (segments of 250,000).</summary>
    public static async Task EmbeddedOverSqsAsync(long records, string directory, CancellationToken cancellationToken)
    {
        if (!HasEndpoint)
        {
            throw new InvalidOperationException(
                $"{EndpointVariable} is not set: start fauxqs (see the README's SQS section) and export the AWS_* variables, or point it at real SQS.");
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        var exitCode = await PlatformCli.Create(console, ErrorConsole.Create()).Parse(
        [
            "run", "--records", records.ToString(CultureInfo.InvariantCulture), "--out", directory, "--transport", "sqs",
            "--segment-records", SegmentRecords.ToString(CultureInfo.InvariantCulture),
        ]).InvokeAsync(cancellationToken: cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"the run over SQS exited with {exitCode}");
        }
    }

    /// <summary>Encodes the run's segments as the SQS adapter does and prints the bytes per record they take.</summary>
    public static Task WireAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var options = new GeneratorOptions { Records = records, SegmentRecords = SegmentRecords };
        var codec = new SqsMessageCodec(new MessageTypeInfos([]));
        var segments = new SegmentAssembler("bench", records, options.SegmentRecords, options.SegmentContextRecords);
        long json = 0, compressed = 0, sent = 0;
        foreach (var batch in new TelemetryGenerator(options).GenerateBatches(cancellationToken))
        {
            foreach (var segment in segments.Add(batch.Records))
            {
                var payload = codec.Encode(segment);
                json += payload.JsonBytes;
                compressed += payload.Compressed.Length;
                sent += segment.Records.Count;
            }
        }

        segments.EnsureComplete();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sqs-wire      records={records,9}  segments={segments.SegmentCount}  records_sent={sent}  json_bytes_per_record={json / (double)records:0.0}  wire_bytes_per_record={compressed / (double)records:0.0}  (Brotli, segments over 256 KiB through S3; context records included)"));
        return Task.CompletedTask;
    }
}
