using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class RunEvaluationsTests : IDisposable
{
    private const string Run = "run-e";
    private readonly TempFolder _folder = new();
    private readonly RecordingStageProgress _progress = new();

    public void Dispose() => _folder.Dispose();

    private const string Labels = "record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\n1,true,metric_spike,INC-1\n2,false,,\n";

    private static readonly RunStarted Started = new(3, 1, 0.02, 0.01, 3, 1, DateTime.UnixEpoch) { RunId = Run };
    private static readonly RunGenerated Generated = new(3, 0, 0.1, 10, Error: null) { RunId = Run };

    private async Task<RunEvaluations> AnnouncedRunAsync(string labels, bool announced = true)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, OutputFiles.SyntheticLabels), labels);
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, OutputFiles.Incidents), "[]");
        var evaluations = new RunEvaluations(_progress);
        if (announced)
        {
            evaluations.OnStarted(Started);
            evaluations.OnGenerated(Generated);
        }

        var completed = new DetectionCompleted(0, 3, [ModelNames.Ensemble], [], []) { RunId = Run, SegmentCount = 1 };
        await evaluations.CollectorOf(Run)!.HandleAsync(new MessageContext<DetectionCompleted>(completed, completed.MessageId, 1, null), CancellationToken.None);
        return evaluations;
    }

    [Fact]
    public async Task Evaluation_begun_before_the_incidents_are_known_gives_the_report_of_one_begun_after()
    {
        var early = await AnnouncedRunAsync(Labels);
        early.BeginDetectionPart(Run, _folder.Path, CancellationToken.None);
        var begunEarly = await early.EvaluateAsync(Run, _folder.Path, [], CancellationToken.None);
        var earlyBytes = await File.ReadAllBytesAsync(begunEarly!.Path);

        var late = await AnnouncedRunAsync(Labels);
        var begunLate = await late.EvaluateAsync(Run, _folder.Path, [], CancellationToken.None);

        Assert.Equal(earlyBytes, await File.ReadAllBytesAsync(begunLate!.Path));
        Assert.Equal(3, begunLate.Report.Records);
    }

    [Fact]
    public async Task Evaluation_that_failed_on_bad_labels_reads_them_again_when_asked_again()
    {
        var evaluations = await AnnouncedRunAsync(Labels.Replace("1,true", "1,maybe", StringComparison.Ordinal));
        evaluations.BeginDetectionPart(Run, _folder.Path, CancellationToken.None);

        await Assert.ThrowsAsync<InvalidDataException>(() => evaluations.EvaluateAsync(Run, _folder.Path, [], CancellationToken.None));
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, OutputFiles.SyntheticLabels), Labels);
        var evaluated = await evaluations.EvaluateAsync(Run, _folder.Path, [], CancellationToken.None);

        Assert.NotNull(evaluated);
        Assert.True(File.Exists(Path.Combine(_folder.Path, OutputFiles.Evaluation)));
    }

    [Fact]
    public async Task Announcement_still_on_its_way_when_the_evaluation_begins_is_waited_for()
    {
        // The run's announcement and end travel on a queue of their own: with every core busy they can arrive after the
        // root-cause stage has begun the evaluation, which must still evaluate the run rather than take it for one no
        // generator made.
        var evaluations = await AnnouncedRunAsync(Labels, announced: false);
        evaluations.BeginDetectionPart(Run, _folder.Path, CancellationToken.None);
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        evaluations.OnStarted(Started);
        evaluations.OnGenerated(Generated);

        var evaluated = await evaluations.EvaluateAsync(Run, _folder.Path, [], CancellationToken.None);

        Assert.NotNull(evaluated);
        Assert.Equal(3, evaluated.Report.Records);
    }

    [Fact]
    public async Task Evaluation_cancelled_while_it_waits_for_the_announcement_is_not_taken_for_a_run_without_one()
    {
        var evaluations = await AnnouncedRunAsync(Labels, announced: false);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => evaluations.EvaluateAsync(Run, _folder.Path, [], stopping.Token));
        evaluations.OnStarted(Started);
        evaluations.OnGenerated(Generated);
        var evaluated = await evaluations.EvaluateAsync(Run, _folder.Path, [], CancellationToken.None);

        Assert.NotNull(evaluated);
        Assert.Equal(3, evaluated.Report.Records);
    }

    [Fact]
    public async Task Run_no_generator_announces_is_not_evaluated()
    {
        var evaluations = await AnnouncedRunAsync(Labels, announced: false);

        var evaluated = await evaluations.EvaluateAsync(Run, _folder.Path, [], CancellationToken.None);

        Assert.Null(evaluated);
        Assert.False(File.Exists(Path.Combine(_folder.Path, OutputFiles.Evaluation)));
    }

    [Fact]
    public async Task Evaluations_of_a_process_without_a_generator_do_not_wait_for_an_announcement()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder.Path, OutputFiles.SyntheticLabels), Labels);
        var evaluations = RunEvaluations.WithoutGenerator(_progress);
        var completed = new DetectionCompleted(0, 3, [ModelNames.Ensemble], [], []) { RunId = Run, SegmentCount = 1 };
        await evaluations.CollectorOf(Run)!.HandleAsync(new MessageContext<DetectionCompleted>(completed, completed.MessageId, 1, null), CancellationToken.None);
        // Cancelled well before the announcement's grace would end: waiting for it would throw.
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(2));

        evaluations.BeginDetectionPart(Run, _folder.Path, stopping.Token);
        var evaluated = await evaluations.EvaluateAsync(Run, _folder.Path, [], stopping.Token);

        Assert.Null(evaluated);
        Assert.False(File.Exists(Path.Combine(_folder.Path, OutputFiles.Evaluation)));
    }
}
