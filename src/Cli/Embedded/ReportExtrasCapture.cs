using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.RootCause.Runs;
using AnomalyPlatform.ServiceDefaults.Messaging;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// The command line's end of a run: announces it on the bus as before (<see cref="PublishedRunCompletion"/>) and keeps
/// what the report needs beyond the files, since the command line writes <c>report.html</c> after <c>performance.json</c>.
/// One run per process, so one set of extras.
/// </summary>
internal sealed class ReportExtrasCapture(IMessageBus bus) : IRunCompletion
{
    private readonly PublishedRunCompletion _published = new(bus);

    /// <summary>Set before the run's end is announced, so whoever saw the announcement sees them.</summary>
    public ReportExtras Extras { get; private set; } = ReportExtras.None;

    public Task CompleteAsync(FinishedRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        Extras = run.Extras ?? ReportExtras.None;
        return _published.CompleteAsync(run, cancellationToken);
    }
}
