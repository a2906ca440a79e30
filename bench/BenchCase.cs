using System.Diagnostics;
using System.Globalization;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Generator;
using Spectre.Console;

namespace AnomalyPlatform.Bench;

/// <summary>One benchmark: runs at a record count and prints one line of figures.</summary>
/// <param name="FixedRecords">
/// The record counts of a case that reads a fixed data set or is about given sizes; <c>all</c> runs it at those counts
/// (and the case's own command when <c>--records</c> is not given).
/// </param>
internal sealed record BenchCase(string Name, string Description, Func<long, string, CancellationToken, Task> Body, IReadOnlyList<long>? FixedRecords = null)
{
    public static IReadOnlyList<BenchCase> All { get; } =
    [
        new("generate", "Generation alone: records/s and peak memory.", (records, _, token) => GenerateAsync(records, null, token)),
        new("generate-csv", "Generation and writing synthetic_data.csv and synthetic_labels.csv.", GenerateAsync),
        new("pipeline", "The whole embedded pipeline (run): generate, detect, root cause, evaluate.", PipelineAsync),
        new("detect", "detect on a generated 5-minute seasonal series: points/s end to end (read, score, write) and for the streaming detector alone.", DetectBench.RunAsync),
        new("report", "report.html after a run: the time run spent on it, the time to write it again from the files, its size.", ReportBench.RunAsync),
        new("models", "Each detector model on generated data: run, fit and score time and allocation (one line per model).", ModelBench.RunAsync),
        new("sqs-wire", "Bytes per record of the run's telemetry segments as the SQS adapter encodes them.", SqsBench.WireAsync),
        new("sqs", "The run end to end with its messages over SQS (AWS_ENDPOINT_URL_SQS), every service in this process (segments of 250,000).", SqsBench.EmbeddedOverSqsAsync),
        new("analyze-nezha", "analyze on the real Nezha day (889,415 records, 28 known faults): read, detect, root cause, AC@1/AC@3.", AnalyzeBench.NezhaAsync, [AnalyzeBench.DayRecords]),
        new("sparse", "The detection stage on a generated run and on the same records spread over 30 days: seconds and allocation of each.", SparseBench.RunAsync, SparseBench.Records),
        new("read-json", "analyze's reading of one pretty-printed filter-log-events answer (written first): read seconds, events/s, MB/s, peak memory.", SpreadJsonBench.RunAsync, SpreadJsonBench.Records),
        new("scale", "The run at 1,000,000 and 10,000,000 records (seed 5): per-stage wall and busy seconds, busy µs per record, records/s, peak memory.", ScaleBench.RunAsync, ScaleBench.Records),
    ];

    /// <summary>Whether the case needs an SQS endpoint (which <c>all</c> skips, saying so, when none is configured).</summary>
    public bool NeedsSqsEndpoint => Name == "sqs";

    public static BenchCase Find(string name) =>
        All.FirstOrDefault(c => c.Name == name) ?? throw new ArgumentException($"No benchmark case named {name}.");

    public async Task<int> RunAsync(long records, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(Path.GetTempPath(), "anomaly-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            var clock = Stopwatch.StartNew();
            await Body(records, directory, cancellationToken);
            clock.Stop();
            using var process = Process.GetCurrentProcess();
            var seconds = clock.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Name,-13} records={records,9}  seconds={seconds,7:0.000}  records/s={records / seconds,11:N0}  peak_working_set_mb={process.PeakWorkingSet64 / 1048576.0,7:0.0}  gc_allocated_mb={GC.GetTotalAllocatedBytes() / 1048576.0,8:0.0}"));
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task GenerateAsync(long records, string? directory, CancellationToken cancellationToken)
    {
        var generator = new TelemetryGenerator(new GeneratorOptions { Records = records });
        if (directory is null)
        {
            long count = 0;
            foreach (var batch in generator.GenerateBatches(cancellationToken))
            {
                count += batch.Records.Count;
            }

            return count == records ? Task.CompletedTask : throw new InvalidOperationException($"generated {count} of {records} records");
        }

        using var data = new SyntheticDataCsvWriter(File.Create(Path.Combine(directory, "synthetic_data.csv")));
        using var labels = new LabelsCsvWriter(File.Create(Path.Combine(directory, "synthetic_labels.csv")));
        foreach (var batch in generator.GenerateBatches(cancellationToken))
        {
            data.Write(batch.Records);
            labels.Write(batch.Labels);
        }

        return Task.CompletedTask;
    }

    private static async Task PipelineAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        var exitCode = await PlatformCli.Create(console, ErrorConsole.Create())
            .Parse(["run", "--records", records.ToString(CultureInfo.InvariantCulture), "--out", directory])
            .InvokeAsync(cancellationToken: cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"the pipeline exited with {exitCode}");
        }
    }
}
