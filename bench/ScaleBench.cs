using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Spectre.Console;

namespace AnomalyPlatform.Bench;

/// <summary>
/// The whole run (<c>run --records N --seed 5</c>) at 1,000,000 and 10,000,000 records: each stage's wall and busy
/// seconds and busy microseconds per record (flat from 1M to 10M when every stage is linear), records/s and the
/// run's peak working set, read from its <c>performance.json</c>.
/// </summary>
internal static class ScaleBench
{
    public static IReadOnlyList<long> Records { get; } = [1_000_000, 10_000_000];

    private static readonly string[] Stages = [PipelineStages.Generate, PipelineStages.Detect, PipelineStages.RootCause, PipelineStages.Evaluate];

    public static async Task RunAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        var exitCode = await PlatformCli.Create(console, ErrorConsole.Create())
            .Parse(["run", "--records", records.ToString(CultureInfo.InvariantCulture), "--seed", "5", "--out", directory])
            .InvokeAsync(cancellationToken: cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"the run exited with {exitCode}");
        }

        PerformanceReport report;
        await using (var stream = File.OpenRead(Path.Combine(directory, OutputFiles.Performance)))
        {
            report = await JsonSerializer.DeserializeAsync(stream, ReportJsonContext.Default.PerformanceReport, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidDataException("performance.json is empty");
        }

        var line = new System.Text.StringBuilder();
        line.Append(CultureInfo.InvariantCulture,
            $"scale-stages  records={records,9}  total_s={report.WallSeconds,7:0.00}  records/s={records / report.WallSeconds,9:N0}  peak_working_set_mb={report.PeakWorkingSetMb,7:0.0}");
        foreach (var name in Stages)
        {
            if (report.Stages.TryGetValue(name, out var stage))
            {
                var busy = stage.BusySeconds ?? stage.WallSeconds;
                line.Append(CultureInfo.InvariantCulture,
                    $"  {name}: wall_s={stage.WallSeconds:0.00} busy_s={busy:0.00} busy_us/record={busy * 1e6 / records:0.00}");
            }
        }

        Console.WriteLine(line.ToString());
    }
}
