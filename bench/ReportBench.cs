using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.RootCause.Output.Report;
using Spectre.Console;

namespace AnomalyPlatform.Bench;

/// <summary>
/// <c>report.html</c> of a run: the time <c>run</c> spent writing it (as it printed, the report's code then running
/// for the first time in the process), the time to write it again from the run folder's files, and its size.
/// </summary>
internal static partial class ReportBench
{
    public static async Task RunAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var printed = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(printed) });
        var exitCode = await PlatformCli.Create(console, ErrorConsole.Create())
            .Parse(["run", "--records", records.ToString(CultureInfo.InvariantCulture), "--out", directory])
            .InvokeAsync(cancellationToken: cancellationToken);
        var inRun = WrittenIn().Match(printed.ToString());
        if (exitCode != 0 || !inRun.Success)
        {
            throw new InvalidOperationException($"the run exited with {exitCode} and printed no report line");
        }

        var clock = Stopwatch.StartNew();
        var path = await RunReportWriter.WriteAsync(directory, ReportExtras.None, new SyntheticDataSource(directory), truth: null, cancellationToken);
        clock.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"report        records={records,9}  in_run_seconds={double.Parse(inRun.Groups[1].Value, CultureInfo.InvariantCulture),6:0.00}  again_seconds={clock.Elapsed.TotalSeconds,6:0.00}  report_kb={new FileInfo(path).Length / 1024.0,7:0}"));
    }

    [GeneratedRegex(@"written in (\d+\.\d+) s")]
    private static partial Regex WrittenIn();
}
