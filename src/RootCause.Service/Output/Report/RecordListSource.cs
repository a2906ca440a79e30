using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Feeds a report from records already in memory (analyze's input, which is not copied into the output folder).</summary>
public sealed class RecordListSource(IEnumerable<TelemetryRecord> records) : IReportTelemetrySource
{
    public Task FeedAsync(ReportTelemetry telemetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Metric)
            {
                telemetry.AddMetric(record.RecordId, record.Timestamp, record.Service, record.Instance, record.Name, record.Value);
            }
            else if (record.Kind == TelemetryKind.Span)
            {
                telemetry.AddSpan(record.RecordId, record.Timestamp, record.Service, record.Name, record.Value);
            }
            else if (record.Kind == TelemetryKind.Log)
            {
                telemetry.AddLog(record.RecordId, record.Timestamp, record.Service, record.Level);
            }
            else
            {
                telemetry.AddEvent(record.Timestamp, record.Service, record.Name);
            }
        }

        return Task.CompletedTask;
    }
}
