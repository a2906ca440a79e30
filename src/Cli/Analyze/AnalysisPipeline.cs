using System.Globalization;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.Cli.Reports;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector;
using AnomalyPlatform.Generator;
using AnomalyPlatform.Generator.Segments;
using AnomalyPlatform.RootCause;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Configuration;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Reads the user's telemetry, sends it through the detector and the root-cause stage in this process (the same
/// services, segments and messages as a synthetic run), then evaluates against known incidents when given.
/// </summary>
internal sealed class AnalysisPipeline(IAnsiConsole console, IAnsiConsole errors)
{
    private const string ReadStage = "read";
    private const int PublishChunk = 4096;

    public async Task<int> RunAsync(
        IReadOnlyList<string> inputs, string? incidentsPath, Dictionary<string, string?> overrides, CancellationToken cancellationToken)
    {
        var runId = "analysis-" + DateTime.UtcNow.ToString("yyyyMMdd-HHmmss", System.Globalization.CultureInfo.InvariantCulture);
        overrides["Generator:RunId"] = runId;
        var outputDirectory = Path.GetFullPath(overrides["Output:Directory"]!);
        if (OutputFolder.CheckWritable(outputDirectory) is { } outputError)
        {
            return Refuse(outputError);
        }

        // The same file twice would be every record twice: each incident twice as large, each rate doubled.
        if (inputs.GroupBy(Path.GetFullPath, StringComparer.Ordinal).FirstOrDefault(static g => g.Count() > 1) is { } twice)
        {
            return Refuse($"--input names {twice.First()} {twice.Count()} times: its records would be read as many times; name each file once");
        }

        IReadOnlyList<GroundTruthIncident>? truth = null;
        if (incidentsPath is not null)
        {
            try
            {
                truth = await KnownIncidentsFile.ReadAsync(incidentsPath, cancellationToken).ConfigureAwait(false);
            }
            catch (InputFileException ex)
            {
                return Refuse(ex.Message);
            }
        }

        using var recorder = new StageRecorder(console);
        IHost host;
        try
        {
            host = Build(overrides, recorder);
        }
        catch (Exception ex) when (ConfigurationErrors.OfHostBuild(ex) is { } message)
        {
            return Refuse(message);
        }

        using (host)
        {
            // Before the input is read, which may take minutes: a missing API key or a misspelt setting is said at once.
            if (PipelineStartup.CheckSettings(host) is { } settings)
            {
                StartFailures.Print(errors, settings);
                return settings.ExitCode;
            }

            return await AnalyseAsync(host, recorder, runId, inputs, truth, outputDirectory, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<int> AnalyseAsync(
        IHost host,
        StageRecorder recorder,
        string runId,
        IReadOnlyList<string> inputs,
        IReadOnlyList<GroundTruthIncident>? truth,
        string outputDirectory,
        CancellationToken cancellationToken)
    {
        TelemetryInput input;
        try
        {
            recorder.Start(ReadStage, null);
            input = TelemetryInputReader.Read(inputs, (path, read) => recorder.Advance(ReadStage, read), cancellationToken, outputDirectory);
            recorder.Complete(ReadStage);
        }
        catch (InputFileException ex)
        {
            return Refuse(ex.Message);
        }

        InputReport.Print(console, input);
        if (input.Records.Count == 0)
        {
            return Refuse($"{string.Join(", ", inputs)}: no record could be read{(input.Rejects.Count + input.Rejects.Valueless.Count > 0 ? " (see above why each was left out)" : "")}; nothing to analyse.");
        }

        if (truth is not null && input.TimeRange is { } range && KnownIncidentsFile.OutsideOf(truth, range).ToList() is { Count: > 0 } outside)
        {
            console.MarkupLineInterpolated(
                $"[yellow]{outside.Count} known incident(s) lie outside the time the input covers[/]: no record can belong to them, so each counts as missed: {FirstOf(outside)}");
        }

        if (truth is not null && KnownIncidentsFile.UnknownServices(truth, input.Records.Select(static r => r.Service).ToHashSet(StringComparer.Ordinal)).ToList() is { Count: > 0 } unknown)
        {
            console.MarkupLineInterpolated(
                $"[yellow]The known incidents blame {unknown.Count} service(s) no record names[/]: the ranking can never name them, so their incidents count as missed: {FirstOf(unknown)}");
        }

        if (AnalysisOutputs.RemovePrevious(outputDirectory) is { } removeError)
        {
            return Refuse(removeError);
        }

        try
        {
            if (await PipelineStartup.StartAsync(host, cancellationToken).ConfigureAwait(false) is { } failure)
            {
                StartFailures.Print(errors, failure);
                return failure.ExitCode;
            }

            await PublishAsync(host, runId, input.Records, cancellationToken).ConfigureAwait(false);
            var rootCause = await host.Services.GetRequiredService<PipelineCompletion>().Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (truth is not null)
            {
                recorder.Start(PipelineStages.Evaluate, null);
                var report = Evaluate(input, truth, rootCause);
                await ReportFiles.WriteAsync(Path.Combine(outputDirectory, OutputFiles.Evaluation), report, AnalysisJsonContext.Default.AnalysisReport, cancellationToken)
                    .ConfigureAwait(false);
                recorder.Complete(PipelineStages.Evaluate);
                PrintEvaluation(report);
            }

            await EmbeddedPipeline.StopAsync(host).ConfigureAwait(false);
            var performance = PerformanceReportBuilder.Build(input.Records.Count, recorder);
            await ReportFiles.WriteAsync(Path.Combine(outputDirectory, OutputFiles.Performance), performance,
                ReportJsonContext.Default.PerformanceReport, cancellationToken).ConfigureAwait(false);
            console.Write(SummaryTables.Performance(performance));
            WrittenResults.Print(console, rootCause, outputDirectory);
            var extras = host.Services.GetRequiredService<ReportExtrasCapture>().Extras;
            await ReportStep.WriteAsync(console, outputDirectory, extras with { DataNotes = [.. InputReport.Notes(input), .. extras.DataNotes] },
                new RecordListSource(input.Records), truth, cancellationToken).ConfigureAwait(false);
            return EmbeddedPipeline.Succeeded;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            errors.MarkupLine("[yellow]Cancelled.[/] Files in the output folder may be incomplete.");
            await EmbeddedPipeline.StopAsync(host).ConfigureAwait(false);
            return EmbeddedPipeline.Cancelled;
        }
        catch (PipelineFailedException ex)
        {
            errors.MarkupLineInterpolated($"[red]The analysis failed:[/] {ex.Message}");
            await EmbeddedPipeline.StopAsync(host).ConfigureAwait(false);
            return EmbeddedPipeline.Failed;
        }
    }

    private static IHost Build(IReadOnlyDictionary<string, string?> overrides, StageRecorder recorder)
    {
        var builder = PipelineHostBuilder.Create(overrides);
        builder.Services.AddSingleton<IStageProgress>(recorder);
        // The user's telemetry has no generator: nothing will announce it or write labels for it.
        builder.Services.AddSingleton(_ => RunEvaluations.WithoutGenerator(recorder));
        builder.AddServiceDefaults();
        builder.AddDetector();
        builder.AddRootCause();
        EmbeddedHost.AddRunEnd(builder);
        return builder.Build();
    }

    /// <summary>
    /// The records as detection segments (<see cref="AnalysisSegmentSize"/>), with context, as a synthetic run's, but
    /// cut at the input's quiet moments and between its recordings (<see cref="QuietCuts"/>).
    /// </summary>
    private async Task PublishAsync(IHost host, string runId, IReadOnlyList<TelemetryRecord> records, CancellationToken cancellationToken)
    {
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        var generator = new GeneratorOptions();
        configuration.GetSection(GeneratorOptions.SectionName).Bind(generator);
        var configured = configuration[$"{GeneratorOptions.SectionName}:{nameof(GeneratorOptions.SegmentRecords)}"] is null
            ? (int?)null
            : generator.SegmentRecords;
        var segmentRecords = AnalysisSegmentSize.Of(configured, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);
        var bus = host.Services.GetRequiredService<IMessageBus>();
        var (ends, breaks) = QuietCuts.Of(records, segmentRecords);
        if (ends.Count > breaks.Count + 1)
        {
            var why = configured is null ? "that is what half the memory available holds" : "Generator:SegmentRecords sets it";
            var size = segmentRecords.ToString("N0", CultureInfo.InvariantCulture);
            console.MarkupLineInterpolated(
                $"[yellow]The input is analysed in {ends.Count} detection segments of at most {size} records[/], each judged against its own records; {why}.");
        }

        var segments = new SegmentAssembler(runId, records.Count, segmentRecords, generator.SegmentContextRecords, ends, breaks);
        for (var start = 0; start < records.Count; start += PublishChunk)
        {
            var chunk = records.Skip(start).Take(Math.Min(PublishChunk, records.Count - start)).ToList();
            foreach (var segment in segments.Add(chunk))
            {
                await bus.PublishAsync(segment, cancellationToken).ConfigureAwait(false);
            }
        }

        segments.EnsureComplete();
    }

    private static AnalysisReport Evaluate(TelemetryInput input, IReadOnlyList<GroundTruthIncident> truth, RootCauseCompleted rootCause)
    {
        var windows = new IncidentWindows(truth, input.Records, input.Renumbered);
        var evaluation = RootCauseEvaluator.Evaluate(truth, windows.IncidentOf, rootCause.Incidents);
        var paged = rootCause.Incidents.Where(static incident => incident.IsPaged()).ToList();
        int FalseAlarms(IReadOnlyList<IncidentReport> incidents) => RootCauseEvaluator.Evaluate(truth, windows.IncidentOf, incidents).Relations.FalseAlarms;
        return new AnalysisReport(
            input.Records.Count,
            input.Rejects.Count,
            EvaluationReportBuilder.RootCause(evaluation),
            evaluation.PerIncident,
            rootCause.Incidents.Count,
            evaluation.Relations.FalseAlarms)
        {
            ByFaultType = FaultTypeAccuracy.Of(evaluation.PerIncident),
            FarInTimeLeftOut = input.TimeRange?.Far ?? 0,
            PagedIncidents = paged.Count,
            PagedFalseAlarms = FalseAlarms(paged),
            ByRecording = RecordingScores.Of(input.Records, truth, evaluation.PerIncident, paged, FalseAlarms),
            ReadingsWithoutValue = input.Rejects.Valueless.Count,
        };
    }

    /// <summary>The first few of a list, and how many more: a day's incidents would otherwise fill the screen.</summary>
    private static string FirstOf(List<string> items, int shown = 5) =>
        string.Join(", ", items.Take(shown)) + (items.Count > shown ? $" and {items.Count - shown} more" : "");

    private void PrintEvaluation(AnalysisReport report)
    {
        var rootCause = report.RootCause;
        console.MarkupLineInterpolated(
            $"root cause: {Plural.Of(rootCause.Incidents, "known incident")}, {rootCause.Detected} detected, AC@1 {Accuracy(rootCause.AcAt1)}{SummaryTables.AtInstance(rootCause)}, AC@3 {Accuracy(rootCause.AcAt3)}; {Plural.Of(report.DetectedIncidents, "incident")} raised, {report.FalseAlarms} outside every known incident's window; {report.PagedIncidents} paged, {report.PagedFalseAlarms} of them outside");
        if (report.ByFaultType.Count > 1)
        {
            // Where one kind of fault is found and another missed, the totals hide it.
            foreach (var type in report.ByFaultType)
            {
                console.MarkupLineInterpolated(
                    $"  {type.FaultType}: {type.Incidents} known, {type.Detected} detected, AC@1 {Accuracy(type.AcAt1)}, AC@3 {Accuracy(type.AcAt3)}");
            }
        }

        // Several days in one input: each day's figures, as each day alone would give them.
        foreach (var recording in report.ByRecording)
        {
            console.MarkupLineInterpolated(
                $"  recording {recording.First:yyyy-MM-dd HH:mm} to {recording.Last:yyyy-MM-dd HH:mm} UTC: {recording.Incidents} known, {recording.Detected} detected, AC@1 {Accuracy(recording.AcAt1)}, AC@3 {Accuracy(recording.AcAt3)}; {recording.Paged} paged, {recording.PagedFalseAlarms} of them outside");
        }
    }

    // With no known incident there is nothing to rank: n/a, as evaluation.json's null.
    private static string Accuracy(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "n/a";

    private int Refuse(string message)
    {
        errors.MarkupLineInterpolated($"[red]Cannot analyse:[/] {message}");
        return EmbeddedPipeline.InvalidConfiguration;
    }
}
