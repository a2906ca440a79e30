using System.CommandLine;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Cli.Nab;
using AnomalyPlatform.Detector.Nab;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// <c>evaluate-nab</c>: runs <c>detect</c> over every file of a NAB folder and prints the NAB scores (three profiles, at
/// the detector's decisions and at the corpus-optimised threshold), per file and per category, beside the published
/// detectors; then the pipeline's detection stage on the same files beside detect's scores; then the nested estimate:
/// the selection among candidate configurations redone with each category held out, side by side with the shared-files
/// figures. With an output folder it also writes the per-file scores and a chart page.
/// </summary>
internal static class EvaluateNabCommand
{
    public const int Succeeded = 0;
    public const int InvalidInput = 2;

    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var data = new Option<string?>("--data") { Description = "NAB folder (root with data/ and labels/, or a data folder). Default: ../shared/data/nab beside the repository." };
        var labels = new Option<string?>("--labels") { Description = "combined_windows.json (default: labels/combined_windows.json of the NAB folder)." };
        var output = new Option<string?>("--output") { Description = "Folder for the per-file scores CSVs, nab_scores.csv and nab_report.html (optional)." };
        var candidates = new Option<string?>("--candidates")
        {
            Description = "File of configurations the nested estimate chooses among, one a line (see tools/NabSweep); default: the shipped one, its 28 one-setting neighbours and the conformal detector at four alarm levels.",
        };
        var noNested = new Option<bool>("--no-nested") { Description = "Skip the nested (leave-one-category-out) estimate, which reruns every candidate configuration." };
        var noPipeline = new Option<bool>("--no-pipeline") { Description = "Skip putting every file through the pipeline's detection stage (scored beside detect)." };
        var every = AveragingOption.Create("the windows are times and stay.");
        var command = new Command("evaluate-nab", "Run detect over a Numenta Anomaly Benchmark folder and print its NAB scores.");
        command.Options.Add(data);
        command.Options.Add(labels);
        command.Options.Add(output);
        command.Options.Add(candidates);
        command.Options.Add(noNested);
        command.Options.Add(noPipeline);
        command.Options.Add(every);
        command.SetAction((parseResult, cancellationToken) =>
        {
            var folder = parseResult.GetValue(data)
                         ?? NabDataLocator.FindDefault(Directory.GetCurrentDirectory(), AppContext.BaseDirectory);
            if (folder is null)
            {
                errors.MarkupLine("[red]No NAB folder: pass --data DIR (none found at ../shared/data/nab beside the repository).[/]");
                return Task.FromResult(InvalidInput);
            }

            if (!AveragingOption.TryRead(errors, parseResult.GetValue(every), out var interval))
            {
                return Task.FromResult(InvalidInput);
            }

            // Checked before the scoring, which takes minutes with the pipeline and the nested estimate.
            if (parseResult.GetValue(output) is { } outputFolder && OutputFolder.CheckWritable(outputFolder) is { } outputError)
            {
                errors.MarkupLineInterpolated($"[red]{outputError}[/]");
                return Task.FromResult(InvalidInput);
            }

            IReadOnlyList<NabCandidate>? chosenAmong = null;
            if (!parseResult.GetValue(noNested))
            {
                try
                {
                    chosenAmong = parseResult.GetValue(candidates) is { } file ? NabCandidates.Read(file) : [.. NabCandidates.Default.Select(NabCandidates.Parse)];
                }
                catch (Exception ex) when (ex is IOException or ArgumentException or FormatException or InvalidCastException)
                {
                    errors.MarkupLineInterpolated($"[red]--candidates: {ex.Message}[/]");
                    return Task.FromResult(InvalidInput);
                }
            }

            return new NabEvaluation(console, errors).RunAsync(
                folder, parseResult.GetValue(labels), parseResult.GetValue(output), chosenAmong, !parseResult.GetValue(noPipeline), interval, cancellationToken);
        });
        return command;
    }
}
