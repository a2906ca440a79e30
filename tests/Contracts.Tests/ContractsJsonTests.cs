using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Contracts.Tests;

public sealed class ContractsJsonTests
{
    private static readonly DateTime Noon = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Telemetry_batch_round_trips_with_every_record_kind()
    {
        var batch = new TelemetryBatch(3,
        [
            new TelemetryRecord(0, Noon, TelemetryKind.Metric, "cart", "cart-1", "cpu_percent", 41.5),
            new TelemetryRecord(1, Noon, TelemetryKind.Log, "cart", "cart-1", "T03", 0, Level: LogLevel.Error, Message: "timeout after 300 ms, \"retrying\""),
            new TelemetryRecord(2, Noon, TelemetryKind.Span, "cart", "cart-1", "GET /cart", 12.25, Status: SpanStatus.Ok,
                TraceId: "0af7651916cd43dd8448eb211c80319c", SpanId: "b7ad6b7169203331", ParentSpanId: null),
            new TelemetryRecord(3, Noon, TelemetryKind.Event, "cart", "cart-1", "deploy", 0, Message: "v1.2.3"),
        ]) { RunId = "run-42" };

        var json = JsonSerializer.Serialize(batch, ContractsJsonContext.Default.TelemetryBatch);
        var back = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TelemetryBatch)!;

        Assert.Equal(batch.RunId, back.RunId);
        Assert.Equal(batch.Sequence, back.Sequence);
        Assert.Equal(batch.Records, back.Records);
        Assert.Equal(IntegrationMessage.CurrentSchemaVersion, back.SchemaVersion);
    }

    [Fact]
    public void Enums_are_written_as_the_lower_case_names_of_the_csv_schema()
    {
        var record = new TelemetryRecord(1, Noon, TelemetryKind.Log, "cart", "cart-1", "T03", 0, Level: LogLevel.Warn);
        var batch = new TelemetryBatch(0, [record]) { RunId = "r" };

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(batch, ContractsJsonContext.Default.TelemetryBatch));
        var written = document.RootElement.GetProperty("records")[0];

        Assert.Equal("log", written.GetProperty("kind").GetString());
        Assert.Equal("WARN", written.GetProperty("level").GetString());
        Assert.False(written.TryGetProperty("trace_id", out _));
    }

    [Fact]
    public void Message_ids_are_derived_from_run_and_sequence_so_a_redelivery_is_recognised()
    {
        var first = new DetectionBatch(7, []) { RunId = "run-1" };
        var again = new DetectionBatch(7, []) { RunId = "run-1" };

        Assert.Equal("run-1/detections/7", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, new DetectionBatch(7, []) { RunId = "run-2" }.MessageId);
    }

    [Fact]
    public void Ground_truth_incidents_use_snake_case_fields()
    {
        var incidents = new List<GroundTruthIncident>
        {
            new("INC-0001", "payment", "payment-2", AnomalyTypes.ErrorLogBurst, Noon, Noon.AddMinutes(3), ["payment", "checkout"]),
        };

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(incidents, ContractsJsonContext.Default.ListGroundTruthIncident));
        var incident = document.RootElement[0];

        Assert.Equal("INC-0001", incident.GetProperty("incident_id").GetString());
        Assert.Equal("payment", incident.GetProperty("root_cause_service").GetString());
        Assert.Equal("error_log_burst", incident.GetProperty("fault_type").GetString());
        Assert.Equal(2, incident.GetProperty("affected_services").GetArrayLength());
    }
}
