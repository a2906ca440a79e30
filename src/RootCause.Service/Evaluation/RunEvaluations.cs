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

    private sealed class RunEvaluation
    {
        public DetectionCollector Collector { get; } = new();
        public TaskCompletionSource<RunGenerated> Generated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>Whether a generator announced the run; telemetry it did not generate has no labels to wait for.</summary>
        public bool Announced { get; set; }

        /// <summary>Kept until the run is released, so that a redelivery after a later failure does not evaluate again.</summary>
        public (string Path, EvaluationReport Report)? Result { get; set; }

        public bool Evaluated { get; set; }
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
            run.Announced = true;
        }
    }

    /// <summary>Takes the generator's report of the end of <paramref name="generated"/>'s run.</summary>
    public void OnGenerated(RunGenerated generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        Of(generated.RunId)?.Generated.TrySetResult(generated);
    }

    /// <summary>The generator's end of <paramref name="runId"/>, once it has arrived; null before.</summary>
    public RunGenerated? GeneratedOf(string runId)
    {
        var generated = Of(runId)?.Generated.Task;
        return generated is { IsCompletedSuccessfully: true } ? generated.Result : null;
    }

    /// <summary>
    /// Evaluates <paramref name="runId"/> once its generator has finished writing and every detection and score batch is
    /// in, and writes <c>evaluation.json</c> into <paramref name="directory"/>; asked again before <see cref="Release"/>, gives
    /// the same answer without evaluating again. Null (and no file) when the
    /// run has no labels to evaluate against: no generator announced it, or its folder holds none.
    /// </summary>
    public async Task<(string Path, EvaluationReport Report)?> EvaluateAsync(
        string runId, string directory, IReadOnlyList<IncidentReport> incidents, CancellationToken cancellationToken)
    {
        var run = Of(runId) ?? throw new InvalidOperationException($"Run {runId} was evaluated and released already.");
        if (run.Evaluated)
        {
            return run.Result;
        }

        if (!run.Announced && !run.Generated.Task.IsCompleted)
        {
            // No generator announced it: nothing will write labels for it.
            run.Evaluated = true;
            return null;
        }

        progress.Start(PipelineStages.Evaluate, null);
        using var activity = PipelineTelemetry.StartEvaluate(runId);
        var generated = await Await(run.Generated.Task, GeneratorTimeout, $"the generator's end of run {runId}", cancellationToken).ConfigureAwait(false);
        if (!generated.Succeeded)
        {
            throw new InvalidOperationException($"Run {runId} cannot be evaluated: its generation failed ({generated.Error}).");
        }

        var labelsPath = Path.Combine(directory, OutputFiles.SyntheticLabels);
        var incidentsPath = Path.Combine(directory, OutputFiles.Incidents);
        if (!File.Exists(labelsPath) || !File.Exists(incidentsPath))
        {
            run.Evaluated = true;
            progress.Complete(PipelineStages.Evaluate);
            return null;
        }

        await Await(run.Collector.Completion, DrainTimeout, $"every detection and score batch of run {runId}", cancellationToken).ConfigureAwait(false);

        var labels = await GroundTruthLabels.LoadAsync(labelsPath, generated.Records, cancellationToken).ConfigureAwait(false);
        var truth = await ReadIncidentsAsync(incidentsPath, cancellationToken).ConfigureAwait(false);
        var report = EvaluationReportBuilder.Build(
            DetectionEvaluator.Evaluate(labels, run.Collector),
            RootCauseEvaluator.Evaluate(truth, labels.IncidentIdOf, incidents, labels.IsAnomaly));
        var path = Path.Combine(directory, OutputFiles.Evaluation);
        await ReportFiles.WriteAsync(path, report, ReportJsonContext.Default.EvaluationReport, cancellationToken).ConfigureAwait(false);
        run.Result = (path, report);
        run.Evaluated = true;
        progress.Complete(PipelineStages.Evaluate);
        return run.Result;
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
        lock (_gate)
        {
            _runs.Remove(runId);
            _finished.Add(runId);
        }
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
