using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Output;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// What the root-cause service knows of every run it has heard of, for <c>GET /runs</c>: announced by the generator
/// (<see cref="RunStarted"/>), advanced by each segment's detection, finished by the analysis and evaluation, or failed.
/// </summary>
public sealed class RunRegistry(IOptions<OutputOptions> output, TimeProvider clock)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, RunStatus> _runs = new(StringComparer.Ordinal);

    public void OnStarted(RunStarted started)
    {
        ArgumentNullException.ThrowIfNull(started);
        Update(started.RunId, status => status with
        {
            StartedAt = started.StartedAt,
            Records = started.Records,
            Seed = started.Seed,
            Segments = started.SegmentCount,
        });
    }

    public void OnSegmentDetected(string runId, int segmentsDetected) =>
        Update(runId, status => status with { SegmentsDetected = Math.Max(status.SegmentsDetected, segmentsDetected) });

    public void OnGenerated(RunGenerated generated)
    {
        ArgumentNullException.ThrowIfNull(generated);
        if (!generated.Succeeded)
        {
            OnFailed(generated.RunId, $"Generation failed: {generated.Error}");
        }
    }

    public void OnCompleted(string runId, int anomalies, int incidents, EvaluationReport? evaluation) =>
        Update(runId, status => status with
        {
            Status = RunState.Completed,
            CompletedAt = clock.GetUtcNow().UtcDateTime,
            // A loss it was failed for did not take any of its messages after all.
            Error = null,
            AnomalyCount = anomalies,
            IncidentCount = incidents,
            Evaluation = evaluation is null ? null : Summarise(evaluation),
        });

    public void OnFailed(string runId, string error) =>
        Update(runId, status => status.Status == RunState.Completed ? status : status with
        {
            Status = RunState.Failed,
            CompletedAt = clock.GetUtcNow().UtcDateTime,
            Error = error,
        });

    public RunStatus? Find(string runId)
    {
        lock (_gate)
        {
            return _runs.GetValueOrDefault(runId);
        }
    }

    /// <summary>Every run heard of, newest first.</summary>
    public IReadOnlyList<RunStatus> All()
    {
        lock (_gate)
        {
            return [.. _runs.Values.OrderByDescending(run => run.StartedAt).ThenBy(run => run.RunId, StringComparer.Ordinal)];
        }
    }

    private void Update(string runId, Func<RunStatus, RunStatus> change)
    {
        lock (_gate)
        {
            if (!_runs.TryGetValue(runId, out var status))
            {
                // Messages of one run travel on different queues: whichever comes first makes the run known.
                status = new RunStatus(runId, RunState.Running, clock.GetUtcNow().UtcDateTime, null, 0, 0, 0, 0, null, null,
                    Path.GetFullPath(RunFolders.DirectoryOf(output.Value, runId)), null, null);
            }

            _runs[runId] = change(status);
        }
    }

    private static RunEvaluationSummary Summarise(EvaluationReport report)
    {
        var ensemble = report.Models.GetValueOrDefault(ModelNames.Ensemble);
        return new RunEvaluationSummary(
            ensemble?.Precision ?? 0, ensemble?.Recall ?? 0, ensemble?.F1 ?? 0, ensemble?.RocAuc, ensemble?.PrAuc,
            report.RootCause.Incidents, report.RootCause.Detected, report.RootCause.AcAt1, report.RootCause.AcAt3)
        {
            AcAt1Instance = report.RootCause.AcAt1Instance,
        };
    }
}
