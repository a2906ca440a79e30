using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// The evaluation of every run in flight: each run's detector output (a <see cref="DetectionCollector"/> of its own,
/// so that runs never mix) and its generator's end (<see cref="RunGenerated"/>), then, once the root-cause stage is done,
/// <c>evaluation.json</c> against the labels the generator wrote into the run's folder.
/// </summary>
public sealed class RunEvaluations(IStageProgress progress)
{
    /// <summary>Score batches travel on a queue of their own; by the end of the root-cause stage they only have to drain.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The generator announces the end of writing right after its last segment; a run without it has lost its generator.</summary>
    private static readonly TimeSpan GeneratorTimeout = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The announcement travels on a queue of its own and, with every core busy detecting (or between two SQS polls),
    /// can still be on its way when a short run's root-cause stage begins: a run not yet announced gets this long.
    /// </summary>
    private static readonly TimeSpan AnnouncementGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Whether a run may have been announced by a generator, and so be worth waiting for (false: <see cref="WithoutGenerator"/>).
    /// </summary>
    private bool MayBeGenerated { get; init; } = true;

    /// <summary>
    /// The evaluations of a process whose runs no generator makes (<c>analyze</c>: the user's own telemetry): no run has
    /// labels, so none waits for a generator's announcement (<see cref="AnnouncementGrace"/>), which every analysis
    /// otherwise paid in full at its end.
    /// </summary>
    public static RunEvaluations WithoutGenerator(IStageProgress progress) => new(progress) { MayBeGenerated = false };

    private sealed class RunEvaluation
    {
        public DetectionCollector Collector { get; } = new();
        public TaskCompletionSource<RunGenerated> Generated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Completed when a generator announces the run; telemetry it did not generate has no labels to wait for.</summary>
        public TaskCompletionSource Announced { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Kept until the run is released, so that a redelivery after a later failure does not evaluate again.</summary>
        public EvaluatedRun? Result { get; set; }

        public bool Evaluated { get; set; }

        /// <summary>The evaluation's half that needs no incidents, once started (<see cref="BeginDetectionPart"/>).</summary>
        public Task<DetectionPart>? DetectionPart { get; set; }

        /// <summary>Measures the evaluate stage from its start (in <see cref="EvaluateDetectionAsync"/>) to its end.</summary>
        public StageSampler? Stage { get; set; }

        /// <summary>The evaluate stage as measured, once it has ended.</summary>
        public StageFigures? StageFigures { get; set; }

        public void EndStage()
        {
            if (Stage is { } stage)
            {
                StageFigures = stage.Stop();
                Stage = null;
            }
        }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunEvaluation> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finished = new(StringComparer.Ordinal);

    /// <summary>The collector of <paramref name="runId"/>'s detector output; null once the run is evaluated (a late redelivery).</summary>
    public DetectionCollector? CollectorOf(string runId) => Of(runId)?.Collector;

    /// <summary>Takes the generator's announcement of a run: its evaluation will wait for the labels.</summary>
    public void OnStarted(RunStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        if (Of(started.RunId) is { } run)
        {
            run.Announced.TrySetResult();
        }
    }

    /// <summary>Takes the generator's report of the end of <paramref name="generated"/>'s run.</summary>
    public void OnGenerated(RunGenerated generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        Of(generated.RunId)?.Generated.TrySetResult(generated);
    }

    /// <summary>
    /// The evaluate stage of <paramref name="runId"/> as this process measured it (from reading the labels to
    /// <c>evaluation.json</c> written); null while it runs, or when the run had nothing to evaluate.
    /// </summary>
    public StageFigures? EvaluationStageOf(string runId) => Of(runId)?.StageFigures;

    /// <summary>The generator's end of <paramref name="runId"/>, once it has arrived; null before.</summary>
    public RunGenerated? GeneratedOf(string runId)
    {
        var generated = Of(runId)?.Generated.Task;
        return generated is { IsCompletedSuccessfully: true } ? generated.Result : null;
    }

    /// <summary>
    /// Starts the half of <paramref name="runId"/>'s evaluation that needs no incidents (reading the labels, scoring every
    /// model) in the background, so that it runs while the root-cause stage analyses; <see cref="EvaluateAsync"/> then
    /// only adds the incidents. Starting it again, or after the run is evaluated, does nothing.
    /// </summary>
    public void BeginDetectionPart(string runId, string directory, CancellationToken cancellationToken)
    {
        if (Of(runId) is not { } run)
        {
            return;
        }

        lock (_gate)
        {
            if (run.Evaluated || run.DetectionPart is not null)
            {
                return;
            }

            run.DetectionPart = Task.Run(() => EvaluateDetectionAsync(run, runId, directory, cancellationToken), CancellationToken.None);
        }
    }

    /// <summary>
    /// Evaluates <paramref name="runId"/> once its generator has finished writing and every detection and score batch is
    /// in, and writes <c>evaluation.json</c> into <paramref name="directory"/>; asked again before <see cref="Release"/>, gives
    /// the same answer without evaluating again. Null (and no file) when the
    /// run has no labels to evaluate against: no generator announced it, or its folder holds none.
    /// </summary>
    public async Task<EvaluatedRun?> EvaluateAsync(
        string runId, string directory, IReadOnlyList<IncidentReport> incidents, CancellationToken cancellationToken)
    {
        var run = Of(runId) ?? throw new InvalidOperationException($"Run {runId} was evaluated and released already.");
        if (run.Evaluated)
        {
            return run.Result;
        }

        BeginDetectionPart(runId, directory, cancellationToken);
        Task<DetectionPart> pending;
        lock (_gate)
        {
            pending = run.DetectionPart!;
        }

        DetectionPart part;
        try
        {
            part = await pending.ConfigureAwait(false);
        }
        catch
        {
            // A redelivery of the message that failed starts the evaluation afresh.
            lock (_gate)
            {
                if (ReferenceEquals(run.DetectionPart, pending))
                {
                    run.DetectionPart = null;
                }

                run.Stage?.Dispose();
                run.Stage = null;
            }

            throw;
        }

        if (part.Labels is not { } labels || part.Evaluation is not { } detection)
        {
            run.Evaluated = true;
            if (part.Started)
            {
                progress.Complete(PipelineStages.Evaluate);
                run.EndStage();
            }

            return null;
        }

        EvaluationReport report;
        string path;
        try
        {
            var truth = await ReadIncidentsAsync(Path.Combine(directory, OutputFiles.Incidents), cancellationToken).ConfigureAwait(false);
            report = EvaluationReportBuilder.Build(detection, RootCauseEvaluator.Evaluate(truth, labels.IncidentIdOf, incidents, labels.IsAnomaly));
            path = Path.Combine(directory, OutputFiles.Evaluation);
            await ReportFiles.WriteAsync(path, report, ReportJsonContext.Default.EvaluationReport, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The labels stay read (a redelivery evaluates from them again); the stage's measure ends with this attempt.
            run.EndStage();
            throw;
        }

        run.Result = new EvaluatedRun(path, report, detection.Models.ToDictionary(pair => pair.Key, pair => pair.Value.PrCurve, StringComparer.Ordinal));
        run.Evaluated = true;
        progress.Complete(PipelineStages.Evaluate);
        run.EndStage();
        return run.Result;
    }

    /// <summary>The labels and the detection metrics; both null when the run has none (<see cref="Started"/>: whether the stage was reported started).</summary>
    private sealed record DetectionPart(bool Started, GroundTruthLabels? Labels, DetectionEvaluation? Evaluation);

    private async Task<DetectionPart> EvaluateDetectionAsync(RunEvaluation run, string runId, string directory, CancellationToken cancellationToken)
    {
        if (!MayBeGenerated)
        {
            return new DetectionPart(false, null, null);
        }

        if (!run.Announced.Task.IsCompleted && !run.Generated.Task.IsCompleted)
        {
            await Task.WhenAny(run.Announced.Task, run.Generated.Task, Task.Delay(AnnouncementGrace, cancellationToken)).ConfigureAwait(false);
            // A wait cut short is no verdict: the run may yet be announced, and a redelivery evaluates it afresh.
            cancellationToken.ThrowIfCancellationRequested();
            if (!run.Announced.Task.IsCompleted && !run.Generated.Task.IsCompleted)
            {
                // No generator announced it: nothing will write labels for it.
                return new DetectionPart(false, null, null);
            }
        }

        progress.Start(PipelineStages.Evaluate, null);
        lock (_gate)
        {
            run.Stage?.Dispose();
            run.Stage = StageSampler.Start();
        }

        using var activity = PipelineTelemetry.StartEvaluate(runId);
        var generated = await Await(run.Generated.Task, GeneratorTimeout, $"the generator's end of run {runId}", cancellationToken).ConfigureAwait(false);
        if (!generated.Succeeded)
        {
            throw new InvalidOperationException($"Run {runId} cannot be evaluated: its generation failed ({generated.Error}).");
        }

        var labelsPath = Path.Combine(directory, OutputFiles.SyntheticLabels);
        if (!File.Exists(labelsPath) || !File.Exists(Path.Combine(directory, OutputFiles.Incidents)))
        {
            return new DetectionPart(true, null, null);
        }

        await Await(run.Collector.Completion, DrainTimeout, $"every detection and score batch of run {runId}", cancellationToken).ConfigureAwait(false);
        var labels = await GroundTruthLabels.LoadAsync(labelsPath, generated.Records, cancellationToken).ConfigureAwait(false);
        return new DetectionPart(true, labels, DetectionEvaluator.Evaluate(labels, run.Collector));
    }

    private RunEvaluation? Of(string runId)
    {
        lock (_gate)
        {
            if (_finished.Contains(runId))
            {
                return null;
            }

            if (!_runs.TryGetValue(runId, out var run))
            {
                run = new RunEvaluation();
                _runs.Add(runId, run);
            }

            return run;
        }
    }

    /// <summary>Forgets a finished run: its collector's memory is freed, and late redeliveries of its messages are ignored.</summary>
    public void Release(string runId)
    {
        RunEvaluation? run;
        lock (_gate)
        {
            _runs.Remove(runId, out run);
            _finished.Add(runId);
        }

        run?.Collector.Dispose();
        run?.Stage?.Dispose();
    }

    private static async Task<T> Await<T>(Task<T> task, TimeSpan patience, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await task.WaitAsync(patience, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The evaluation did not receive {what} within {patience.TotalSeconds:0} s of the root-cause stage finishing.");
        }
    }

    private static async Task<IReadOnlyList<GroundTruthIncident>> ReadIncidentsAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(stream, ContractsJsonContext.Default.ListGroundTruthIncident, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{path} holds no incident list.");
    }
}
