using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>The OpenTelemetry Collector's file-exporter output, each signal mapped onto the MELT records.</summary>
public sealed class OtlpJsonReaderTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private static (List<TelemetryRecord> Records, InputRejects Rejects) Read(string fixture)
    {
        var records = new List<TelemetryRecord>();
        var rejects = new InputRejects();
        InputFiles.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "otlp", fixture), records, new StringPool(), rejects, pending: null, CancellationToken.None);
        return (records, rejects);
    }

    [Fact]
    public void Spans_keep_service_instance_duration_ids_and_error_status()
    {
        var (records, rejects) = Read("traces.jsonl");

        Assert.Equal(0, rejects.Count);
        Assert.Collection(records,
            root =>
            {
                Assert.Equal((TelemetryKind.Span, "frontend", "frontend-7d9f-abc", "GET /cart"), (root.Kind, root.Service, root.Instance, root.Name));
                Assert.Equal((Start, 250.0, SpanStatus.Ok), (root.Timestamp, root.Value, root.Status));
                Assert.Equal(("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174", (string?)null), (root.TraceId, root.SpanId, root.ParentSpanId));
            },
            child =>
            {
                Assert.Equal(("cart", "cart-1", "GetCart", 200.0, SpanStatus.Error), (child.Service, child.Instance, child.Name, child.Value, child.Status));
                Assert.Equal("eee19b7ec3c1b174", child.ParentSpanId);
                Assert.Equal(Start.AddMilliseconds(10), child.Timestamp);
            });
    }

    [Fact]
    public void Logs_keep_severity_body_and_trace_and_bad_lines_are_counted_with_their_line()
    {
        var (records, rejects) = Read("logs.jsonl");

        Assert.Collection(records,
            error =>
            {
                Assert.Equal((TelemetryKind.Log, LogLevel.Error, "redis GET timed out after 200 ms"), (error.Kind, error.Level, error.Message));
                Assert.Equal(("5b8efff798038103d269b633813fc60c", Start.AddMilliseconds(200)), (error.TraceId, error.Timestamp));
            },
            warning => Assert.Equal((LogLevel.Warn, "retrying", Start.AddSeconds(1)), (warning.Level, warning.Message, warning.Timestamp)));
        Assert.Equal(2, rejects.Count);
        Assert.Contains(rejects.Reasons, reason => reason.Contains("logs.jsonl, line 2, line: is not JSON", StringComparison.Ordinal));
        Assert.Contains(rejects.Reasons, reason => reason.Contains("line 3, line: is JSON but holds no resourceSpans", StringComparison.Ordinal));
    }

    [Fact]
    public void Gauges_are_readings_cumulative_sums_increases_and_histograms_count_and_mean_per_interval()
    {
        var (records, rejects) = Read("metrics.jsonl");

        Assert.Equal(0, rejects.Count);
        Assert.All(records, record => Assert.Equal((TelemetryKind.Metric, "cart", "node-3"), (record.Kind, record.Service, record.Instance)));
        Assert.Equal(
            [
                ("process.cpu.utilization", Start, 0.25),
                ("process.cpu.utilization", Start.AddMinutes(1), 0.75),
                ("http.server.requests{route=/cart}", Start.AddMinutes(1), 60.0),
                ("http.server.duration.count", Start.AddMinutes(1), 20.0),
                ("http.server.duration.mean", Start.AddMinutes(1), 100.0),
            ],
            records.Select(record => (record.Name, record.Timestamp, record.Value)));
    }
}
