using System.Diagnostics;
using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.Generator;

namespace AnomalyPlatform.Bench;

/// <summary>
/// The <c>sparse</c> case: the detection stage on a generated run as it is and on the same records spread over 30 days
/// (each record's offset from the start stretched, so the records are the same and the time between them grows). The
/// work should follow the records, not the time they span: the two lines' seconds and allocation should be alike.
/// </summary>
internal static class SparseBench
{
    private static readonly TimeSpan Spread = TimeSpan.FromDays(30);

    public static IReadOnlyList<long> Records { get; } = [2_000, 100_000];

    public static Task RunAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var generated = new List<TelemetryRecord>();
        foreach (var batch in new TelemetryGenerator(new GeneratorOptions { Records = records }).GenerateBatches(cancellationToken))
        {
            generated.AddRange(batch.Records);
        }

        var start = generated.Min(record => record.Timestamp);
        var span = generated.Max(record => record.Timestamp) - start;
        var stretch = Spread / span;
        var spread = generated.Select(record => record with { Timestamp = start + (record.Timestamp - start) * stretch }).ToList();

        Print("as generated", records, span, Detect(generated, cancellationToken));
        Print("spread", records, Spread, Detect(spread, cancellationToken));
        return Task.CompletedTask;
    }

    private static (double Seconds, double AllocatedMb) Detect(List<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        new OfflineDetector(new DetectorOptions()).Run([records], cancellationToken);
        return (clock.Elapsed.TotalSeconds, (GC.GetTotalAllocatedBytes(precise: true) - allocated) / 1048576.0);
    }

    private static void Print(string what, long records, TimeSpan span, (double Seconds, double AllocatedMb) figures) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sparse        records={records,9}  over={span.TotalHours,8:0.0} h  ({what,-12})  detect_seconds={figures.Seconds,7:0.000}  allocated_mb={figures.AllocatedMb,8:0.0}"));
}
