using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Cli.Analyze;

namespace AnomalyPlatform.Bench;

/// <summary>
/// The <c>read-json</c> case: <c>analyze</c>'s reading of one <c>aws logs filter-log-events</c> answer as the AWS CLI
/// prints it (one pretty-printed document, every page joined), of as many events as records asked, written first. Such
/// an answer is read in pieces (<see cref="SpreadJsonValues"/>), so its peak memory should follow the records read, not
/// the file's length; before, one over 1 GiB was refused.
/// </summary>
internal static class SpreadJsonBench
{
    private static readonly string[] Streams =
    [
        "kubernetes.var.log.containers.cart-7d9f6c8b5d-x2k9q_shop_cart-3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a.log",
        "kubernetes.var.log.containers.checkout-6b8f7d9c4b-qw7rt_shop_checkout-4a3b2c1d0e9f8a7b6c5d4e3f2a3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f.log",
        "shop/payment/4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e",
    ];

    /// <summary>About 0.3 GB and 1.1 GB of answer: the second past the 1 GiB that was refused.</summary>
    public static IReadOnlyList<long> Records { get; } = [1_000_000, 3_500_000];

    public static Task RunAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "logs.json");
        Write(path, records);
        var clock = Stopwatch.StartNew();
        var input = TelemetryInputReader.Read([path], static (_, _) => { }, cancellationToken);
        clock.Stop();
        if (input.Records.Count != records)
        {
            throw new InvalidOperationException($"read {input.Records.Count} of {records} events");
        }

        var megabytes = new FileInfo(path).Length / 1048576.0;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"read-json     events={records,9}  file_mb={megabytes,8:0.0}  read_seconds={clock.Elapsed.TotalSeconds,7:0.000}  events/s={records / clock.Elapsed.TotalSeconds,11:N0}  mb/s={megabytes / clock.Elapsed.TotalSeconds,6:0.0}"));
        return Task.CompletedTask;
    }

    private static void Write(string path, long records)
    {
        using var file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, IndentSize = 4 });
        var start = new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
        writer.WriteStartObject();
        writer.WriteStartArray("events");
        for (var i = 0L; i < records; i++)
        {
            var millis = start + (i * 25);
            writer.WriteStartObject();
            writer.WriteString("logStreamName", Streams[i % Streams.Length]);
            writer.WriteNumber("timestamp", millis);
            writer.WriteString("message", string.Create(CultureInfo.InvariantCulture,
                $"2026-01-05 00:00:00 {(i % 50 == 0 ? "ERROR" : "INFO")} request {i} TraceID: {i:x32} handled in {i % 97} ms"));
            writer.WriteNumber("ingestionTime", millis + 900);
            writer.WriteString("eventId", i.ToString(CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("searchedLogStreams");
        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
