using System.Diagnostics;
using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector;
using AnomalyPlatform.Detector.Nab;
using AnomalyPlatform.Detector.TimeSeries;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Nab;

/// <summary>Runs the streaming detector over a NAB folder, file after file, and prints the scores.</summary>
internal sealed class NabEvaluation(IAnsiConsole console, IAnsiConsole errors)
{
    public const int Succeeded = 0;
    public const int InvalidInput = 2;

    /// <summary>The profiles the nested estimate is printed for.</summary>
    private static readonly NabProfile[] NestedProfiles = [NabProfile.Standard, NabProfile.RewardLowFalsePositiveRate];

    /// <param name="candidates">
    /// The configurations the nested (leave-one-category-out) estimate chooses among, the shipped one first; null or
    /// empty skips it.
    /// </param>
    /// <param name="pipeline">Whether to also put every file through the pipeline's detection stage and print its scores beside detect's.</param>
    /// <param name="every">When positive, every series is averaged over intervals of this length before it is scored.</param>
    public async Task<int> RunAsync(
        string folder, string? labelsPath, string? outputDirectory, IReadOnlyList<NabCandidate>? candidates, bool pipeline, TimeSpan every,
        CancellationToken cancellationToken)
    {
        NabCorpus corpus;
        NabLabels labels;
        try
        {
            corpus = NabCorpus.Open(folder);
            labels = await NabLabels.ForCorpusAsync(corpus, labelsPath, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeSeriesFormatException ex)
        {
            errors.MarkupLineInterpolated($"[red]Rejected {ex.Message}[/]");
            return InvalidInput;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or System.Text.Json.JsonException)
        {
            errors.MarkupLineInterpolated($"[red]{ex.Message}[/]");
            return InvalidInput;
        }

        console.MarkupLineInterpolated($"NAB: {corpus.Files.Count} files in {corpus.DataDirectory}");
        if (every > TimeSpan.Zero)
        {
            console.MarkupLineInterpolated($"Every series averaged over intervals of {every} before it is scored (the windows are times and stay).");
        }

        if (labels.FromPointLabels)
        {
            console.MarkupLine(Markup.Escape(
                $"Windows drawn from the files' own '{NabPointLabels.LabelColumn}' columns as NAB draws its own: each run of labelled rows centred in a window of 10 % of the file over the number of runs, overlapping windows merged."));
        }
        var total = Stopwatch.StartNew();
        var runs = new List<NabFileRun>();
        var skipped = 0;
        for (var i = 0; i < corpus.Files.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var file = corpus.Files[i];
            if (!labels.TryGetWindows(file, out var windows))
            {
                skipped++;
                console.MarkupLineInterpolated($"[yellow][[{i + 1}/{corpus.Files.Count}]] {file}: no labels, skipped[/]");
                continue;
            }

            UnivariateSeries series;
            try
            {
                series = TimeSeriesCsvReader.Read(corpus.PathOf(file));
            }
            catch (TimeSeriesFormatException ex)
            {
                errors.MarkupLineInterpolated($"[red]Rejected {ex.Message}[/]");
                return InvalidInput;
            }

            if (series.MissingValues > 0)
            {
                console.MarkupLineInterpolated(
                    $"[yellow]{file}: {series.MissingValuesNote}.[/]");
            }

            if (every > TimeSpan.Zero)
            {
                series = SeriesAveraging.Average(series, every);
            }

            var stopwatch = Stopwatch.StartNew();
            var detection = SeriesDetection.Run(series, Commands.DetectCommand.CreateDetector());
            var run = NabFileRun.Create(file, series, detection, windows, stopwatch.Elapsed);
            runs.Add(run);
            if (outputDirectory is not null)
            {
                TimeSeriesScoresCsvWriter.Write(Path.Combine(outputDirectory, file.Replace('/', Path.DirectorySeparatorChar)), series, detection);
            }

            var decision = run.ByDecision.ScoreAt(0.5, NabProfile.Standard);
            console.MarkupLineInterpolated(
                $"[[{i + 1}/{corpus.Files.Count}]] {file}: {series.Count:N0} rows, {detection.AnomalyCount} alarms, windows found {decision.DetectedWindows}/{decision.Windows}, {run.Elapsed.TotalSeconds:0.00} s");
        }

        if (runs.Count == 0)
        {
            errors.MarkupLine("[red]No labelled file to score.[/]");
            return InvalidInput;
        }

        var report = NabBenchmarkReport.Create(runs);
        NabTables.Print(console, report, NabPublishedScore.ReadFromReadme(corpus.ReadmePath));
        NabBenchmarkReport? pipelineReport = null;
        if (pipeline)
        {
            var byModel = RunPipeline(runs, cancellationToken);
            var reports = byModel.Select(static m => (m.Model, Report: NabBenchmarkReport.Create(m.Runs))).ToList();
            pipelineReport = reports[^1].Report;
            // The pipeline flags every reading of a stretch it finds anomalous and NAB charges each one outside a window:
            // one alarm per stretch separates that from what the models find.
            foreach (var (model, modelRuns) in byModel.Where(static m => m.Model is ModelNames.Statistical or ModelNames.Ensemble).ToList())
            {
                reports.Add(($"{model}, one alarm per episode", NabBenchmarkReport.Create(
                    [.. modelRuns.Select(static r => NabFileRun.Create(r.File, r.Series, r.Detection.FirstOfEachEpisode(), r.Windows, r.Elapsed))])));
            }

            NabTables.PrintPipeline(console, report, pipelineReport);
            NabTables.PrintPipelineModels(console, reports);
        }

        if (candidates is { Count: > 0 })
        {
            var nested = Stopwatch.StartNew();
            console.MarkupLineInterpolated($"Nested estimate: running {candidates.Count - 1} more configurations over the same files...");
            var candidateRuns = NabCandidateRuns.Run(candidates, runs, cancellationToken: cancellationToken);
            NabTables.PrintNested(console, report, [.. NestedProfiles.SelectMany(p => new[]
            {
                NabNestedSelection.Estimate(candidateRuns, p, byDecision: true),
                NabNestedSelection.Estimate(candidateRuns, p, byDecision: false),
            })]);
            console.MarkupLineInterpolated(
                $"Nested estimate: {candidates.Count} configurations, {candidateRuns.Runs.Count * runs.Count} file runs in {nested.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
        }

        if (outputDirectory is not null)
        {
            NabScoresCsv.Write(Path.Combine(outputDirectory, "nab_scores.csv"), report);
            var page = Path.Combine(outputDirectory, NabChartPage.FileName);
            NabChartPage.Write(page, report, pipelineReport);
            console.MarkupLineInterpolated($"Charts (every file, its windows and the alarms): {page}");
        }

        console.MarkupLineInterpolated(
            $"Scored {runs.Count} files ({runs.Sum(static r => r.Series.Count):N0} rows{(skipped > 0 ? $", {skipped} unlabelled skipped" : "")}) in {total.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
        return Succeeded;
    }

    /// <summary>
    /// Every file through the pipeline's detection stage, a file per core (each run is itself a batch of models): per
    /// model, in the stage's order with the ensemble last, the files as that model detected them.
    /// </summary>
    private List<(string Model, List<NabFileRun> Runs)> RunPipeline(IReadOnlyList<NabFileRun> streaming, CancellationToken cancellationToken)
    {
        console.MarkupLineInterpolated($"Pipeline: putting the {streaming.Count} files through the detection stage, each as one metric series...");
        var started = Stopwatch.StartNew();
        var models = new IReadOnlyList<string>[streaming.Count];
        var byFile = new NabFileRun[streaming.Count][];
        var done = 0;
        var options = new DetectorOptions();
        Parallel.For(0, streaming.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
        {
            var file = streaming[i];
            var stopwatch = Stopwatch.StartNew();
            var result = PipelineSeriesDetection.Run(file.Series, options, cancellationToken);
            var elapsed = stopwatch.Elapsed;
            models[i] = result.Models;
            byFile[i] = [.. result.Detections.Select(detection => NabFileRun.Create(file.File, file.Series, detection, file.Windows, elapsed))];
            var finished = Interlocked.Increment(ref done);
            var decision = byFile[i][^1].ByDecision.ScoreAt(0.5, NabProfile.Standard);
            lock (byFile)
            {
                console.MarkupLineInterpolated(
                    $"pipeline [[{finished}/{streaming.Count}]] {file.File}: {result.Ensemble.AnomalyCount} alarms, windows found {decision.DetectedWindows}/{decision.Windows}, {elapsed.TotalSeconds:0.00} s");
            }
        });
        console.MarkupLineInterpolated($"Pipeline: {streaming.Count} files in {started.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s.");
        return streaming.Count == 0 ? [] : [.. models[0].Select((model, m) => (model, byFile.Select(runs => runs[m]).ToList()))];
    }
}
