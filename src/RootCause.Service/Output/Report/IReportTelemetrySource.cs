namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Where a report's metric series come from: a run's <c>synthetic_data.csv</c>, or the records analyze holds.</summary>
public interface IReportTelemetrySource
{
    Task FeedAsync(ReportTelemetry telemetry, CancellationToken cancellationToken);
}
