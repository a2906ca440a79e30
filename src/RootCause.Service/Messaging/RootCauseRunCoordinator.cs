using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.RootCause.Ranking;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.RootCause.Spill;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Messaging;

/// <summary>
/// Collects a run's detection batches and its segments' <see cref="DetectionCompleted"/> messages (they travel on
/// different queues, and segments are analysed by competing detectors, so any of them may come last), counts each
/// message once by id, and when every segment's completion and every batch they announce are in, merges the segments'
/// call graphs and change events, runs the analysis, writes <c>anomalies.json</c> into the run's folder, has the run
/// evaluated (<see cref="RunEvaluations"/>) and completes it (<see cref="IRunCompletion"/>), exactly once per run.
/// </summary>
public sealed partial class RootCauseRunCoordinator(
    IncidentAnalyzer analyzer,
    AnomaliesJsonWriter writer,
    RunEvaluations evaluations,
    RunRegistry registry,
    IRunCompletion completion,
    IStageProgress progress,
    IOptions<OutputOptions> output,
    ILogger<RootCauseRunCoordinator> logger)
{
    private sealed class RunState(string runId) : IDisposable
    {
        public string RunId { get; } = runId;
        public HashSet<string> SeenMessageIds { get; } = new(StringComparer.Ordinal);
        /// <summary>The ensemble's anomalies, on disk until the run is complete: held, they grew with the run.</summary>
        public DetectionSpill Anomalies { get; } = new();
        /// <summary>Each segment's completion, without its behaviour counts, peaks and call patterns: those go to the spill below.</summary>
        public SortedDictionary<int, DetectionCompleted> Completions { get; } = [];
        public BehaviourSpill Behaviour { get; } = new();
        public int? SegmentCount { get; set; }
        public int BatchesReceived { get; set; }
        public int BatchesAnnounced { get; set; }
        public bool Analysing { get; set; }

        public bool IsReady =>
            SegmentCount is { } count && Completions.Count == count && BatchesReceived >= BatchesAnnounced && !Analysing;

        public void Dispose()
        {
            Anomalies.Dispose();
            Behaviour.Dispose();
        }
    }

    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private readonly HashSet<string> _finishedRuns = new(StringComparer.Ordinal);

    public Task OnBatchAsync(MessageContext<DetectionBatch> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var batch = context.Message;
        EnsureKnownVersion(batch);
        RunState? ready;
        lock (_gate)
        {
            if (_finishedRuns.Contains(batch.RunId))
            {
                return Task.CompletedTask;
            }

            var state = GetOrStart(batch.RunId);
            if (state.SeenMessageIds.Add(context.MessageId))
            {
                state.BatchesReceived++;
                foreach (var detection in batch.Detections)
                {
                    // Records only a single model flagged are sent for evaluation; they are not anomalies of the product.
                    if (detection.IsAnomaly)
                    {
                        state.Anomalies.Add(detection);
                    }
                }
            }

            ready = TryBegin(state);
        }

        return ready is null ? Task.CompletedTask : FinishAsync(ready, cancellationToken);
    }

    public Task OnCompletedAsync(MessageContext<DetectionCompleted> context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var completed = context.Message;
        EnsureKnownVersion(completed);
        RunState? ready;
        lock (_gate)
        {
            if (_finishedRuns.Contains(completed.RunId))
            {
                return Task.CompletedTask;
            }

            var state = GetOrStart(completed.RunId);
            EnsureSameSegmentCount(state, completed);
            if (!state.Completions.ContainsKey(completed.Segment))
            {
                // A long run's counts and peaks run to millions: on disk until the run is complete, not held as messages.
                state.Behaviour.Add(completed);
                state.Completions.Add(completed.Segment, RetainedCompletion.Of(completed));
                state.BatchesAnnounced += completed.BatchCount;
                registry.OnSegmentDetected(completed.RunId, state.Completions.Count);
            }

            ready = TryBegin(state);
        }

        return ready is null ? Task.CompletedTask : FinishAsync(ready, cancellationToken);
    }

    private RunState GetOrStart(string runId)
    {
        if (!_runs.TryGetValue(runId, out var state))
        {
            state = new RunState(runId);
            _runs[runId] = state;
        }

        return state;
    }

    /// <summary>Segments that disagree on how many there are cannot be told complete: fail, so that it dead-letters.</summary>
    private static void EnsureSameSegmentCount(RunState state, DetectionCompleted completed)
    {
        if (completed.SegmentCount < 1 || completed.Segment < 0 || completed.Segment >= completed.SegmentCount)
        {
            throw new InvalidDataException(
                $"{completed.MessageId}: segment {completed.Segment} of {completed.SegmentCount} is not a segment of a run.");
        }

        if (state.SegmentCount is { } known && known != completed.SegmentCount)
        {
            throw new InvalidDataException(
                $"{completed.MessageId}: says run {completed.RunId} has {completed.SegmentCount} segments; an earlier completion said {known}.");
        }

        state.SegmentCount = completed.SegmentCount;
    }

    private static RunState? TryBegin(RunState state)
    {
        if (!state.IsReady)
        {
            return null;
        }

        state.Analysing = true;
        return state;
    }

    private async Task FinishAsync(RunState state, CancellationToken cancellationToken)
    {
        try
        {
            // This run's stage, measured in this process while it runs (the service analyses run after run).
            using var sampler = StageSampler.Start();
            // The stage starts when its analysis does, as in the distributed run's performance report: collecting the
            // batches meanwhile is waiting for detection, and timed from the first batch the stage looked ten times
            // slower at 10,000,000 records than its work.
            progress.Start(PipelineStages.RootCause, null);
            progress.Advance(PipelineStages.RootCause, state.BatchesReceived);
            var directory = RunFolders.DirectoryOf(output.Value, state.RunId);
            // Reading the labels and scoring the models needs no incidents: it runs on another core meanwhile.
            evaluations.BeginDetectionPart(state.RunId, directory, cancellationToken);
            // The two spills are read side by side, outside the lock: a run being analysed takes no more writes (every
            // batch and completion it announced is in; another with the same id is a duplicate and is not added).
            var behaviourBuilt = Task.Run(state.Behaviour.Build, cancellationToken);
            var anomalies = state.Anomalies.ReadAll();
            var behaviour = await behaviourBuilt.ConfigureAwait(false);
            var dataNotes = DataNotes(behaviour);
            foreach (var note in dataNotes)
            {
                LogDataNote(logger, state.RunId, note);
            }

            // Batches arrive in any order from competing detectors; the analysis sees them in record order, as one
            // detector analysing the run whole would have sent them.
            anomalies.Sort(static (a, b) => a.RecordId.CompareTo(b.RecordId));
            var completions = state.Completions.Values.ToList();
            var edges = SegmentMerge.Edges(completions);
            var incidents = await analyzer.AnalyzeAsync(
                state.RunId, anomalies, edges, SegmentMerge.ChangeEvents(completions), behaviour, cancellationToken)
                .ConfigureAwait(false);
            // The evaluation needs the incidents, not anomalies.json: it runs on the other core while the file is written.
            var evaluating = Task.Run(() => evaluations.EvaluateAsync(state.RunId, directory, incidents, cancellationToken), cancellationToken);
            string path;
            try
            {
                path = await writer.WriteAsync(directory, state.RunId, anomalies, incidents, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                // The redelivered message evaluates again; this attempt's evaluation is left to finish first.
                await ((Task)evaluating).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw;
            }

            LogWritten(logger, state.RunId, anomalies.Count, incidents.Count, path);
            progress.Complete(PipelineStages.RootCause);
            var rootCause = sampler.Stop();

            var evaluated = await evaluating.ConfigureAwait(false);
            await completion.CompleteAsync(
                new FinishedRun(
                    new RootCauseCompleted(anomalies.Count, incidents, path) { RunId = state.RunId, EvaluationPath = evaluated?.Path },
                    directory, completions, rootCause, state.BatchesReceived,
                    new ReportExtras(edges, evaluated?.Curves ?? ReportExtras.None.Curves) { DataNotes = dataNotes }),
                cancellationToken).ConfigureAwait(false);

            lock (_gate)
            {
                _runs.Remove(state.RunId);
                _finishedRuns.Add(state.RunId);
                state.Dispose();
            }

            evaluations.Release(state.RunId);
            registry.OnCompleted(state.RunId, anomalies.Count, incidents.Count, evaluated?.Report);
        }
        catch
        {
            // Let the redelivered message (the transport retries a failed handler) start the analysis again.
            lock (_gate)
            {
                state.Analysing = false;
            }

            throw;
        }
    }

    /// <summary>What the analysis found about the data that the report's reader should know, logged as a warning too.</summary>
    private static List<string> DataNotes(RunBehaviour behaviour)
    {
        var notes = new List<string>();
        if (behaviour.Calls.MinutesWithoutLogs > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{behaviour.Calls.MinutesWithoutLogs:N0} of the {behaviour.Calls.MinutesTraced:N0} traced minutes have no request log line (DEBUG or INFO) at any service, where the rest of the run logs its requests: taken as logs not collected there, requests' call patterns are compared by their spans and calls alone."));
        }

        if (behaviour.RecordingSpans is { Count: > 1 } recordings)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The telemetry holds {recordings.Count} recordings at least {Recordings.Pause.TotalMinutes:N0} minutes apart ({string.Join(", ", recordings.Select(static r => $"{r.First:yyyy-MM-dd HH:mm} to {r.Last:yyyy-MM-dd HH:mm} UTC"))}): each incident's logs, calls and metrics are compared with the rest of its own recording, not with the other recordings."));
        }

        return notes;
    }

    private static void EnsureKnownVersion(IntegrationMessage message)
    {
        if (message.SchemaVersion != IntegrationMessage.CurrentSchemaVersion)
        {
            throw new InvalidOperationException(
                $"{message.GetType().Name} {message.MessageId} has schema version {message.SchemaVersion}; this service reads version {IntegrationMessage.CurrentSchemaVersion}.");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: {Note}")]
    private static partial void LogDataNote(ILogger logger, string runId, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "Run {RunId}: {AnomalyCount} anomalies in {IncidentCount} incidents written to {Path}")]
    private static partial void LogWritten(ILogger logger, string runId, int anomalyCount, int incidentCount, string path);
}
