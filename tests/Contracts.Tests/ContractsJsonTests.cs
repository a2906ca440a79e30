using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Contracts.Tests;

public sealed class ContractsJsonTests
{
    private static readonly DateTime Noon = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Telemetry_segment_round_trips_with_every_record_kind_and_its_context_counts()
    {
        var batch = new TelemetrySegment(3, 5, 1_000_000, LeadingContext: 1, TrailingContext: 1,
        [
            new TelemetryRecord(0, Noon, TelemetryKind.Metric, "cart", "cart-1", "cpu_percent", 41.5),
            new TelemetryRecord(1, Noon, TelemetryKind.Log, "cart", "cart-1", "T03", 0, Level: LogLevel.Error, Message: "timeout after 300 ms, \"retrying\""),
            new TelemetryRecord(2, Noon, TelemetryKind.Span, "cart", "cart-1", "GET /cart", 12.25, Status: SpanStatus.Ok,
                TraceId: "0af7651916cd43dd8448eb211c80319c", SpanId: "b7ad6b7169203331", ParentSpanId: null),
            new TelemetryRecord(3, Noon, TelemetryKind.Event, "cart", "cart-1", "deploy", 0, Message: "v1.2.3"),
        ]) { RunId = "run-42" };

        var json = JsonSerializer.Serialize(batch, ContractsJsonContext.Default.TelemetrySegment);
        var back = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.TelemetrySegment)!;

        Assert.Equal(batch.RunId, back.RunId);
        Assert.Equal((3, 5, 1_000_000L, 1, 1), (back.Index, back.SegmentCount, back.RunRecords, back.LeadingContext, back.TrailingContext));
        Assert.Equal(2, back.OwnRecords);
        Assert.Equal(batch.Records, back.Records);
        Assert.Equal(IntegrationMessage.CurrentSchemaVersion, back.SchemaVersion);
    }

    [Fact]
    public void Enums_are_written_as_the_lower_case_names_of_the_csv_schema()
    {
        var record = new TelemetryRecord(1, Noon, TelemetryKind.Log, "cart", "cart-1", "T03", 0, Level: LogLevel.Warn);
        var batch = new TelemetrySegment(0, 1, 1, 0, 0, [record]) { RunId = "r" };

        using var document = JsonDocument.Parse(JsonSerializer.Serialize(batch, ContractsJsonContext.Default.TelemetrySegment));
        var written = document.RootElement.GetProperty("records")[0];

        Assert.Equal("log", written.GetProperty("kind").GetString());
        Assert.Equal("WARN", written.GetProperty("level").GetString());
        Assert.False(written.TryGetProperty("trace_id", out _));
    }

    [Fact]
    public void An_orphans_possible_lost_parents_travel_with_its_detection_and_are_left_out_of_every_other()
    {
        var orphan = new Detection(7, Noon, TelemetryKind.Span, "cache", "cache-1", "GET", true, 0.67, AnomalyTypes.MissingSpan, [], [])
        {
            LostParentCallers = ["auth"],
            LostParentInstances = ["auth-2"],
        };
        var batch = new DetectionBatch(0, [orphan, orphan with { RecordId = 8, LostParentCallers = null, LostParentInstances = null }]) { RunId = "r" };

        var json = JsonSerializer.Serialize(batch, ContractsJsonContext.Default.DetectionBatch);
        var back = JsonSerializer.Deserialize(json, ContractsJsonContext.Default.DetectionBatch)!;

        Assert.Equal(["auth"], back.Detections[0].LostParentCallers);
        Assert.Null(back.Detections[1].LostParentCallers);
        Assert.Equal(["auth-2"], back.Detections[0].LostParentInstances);
        Assert.Null(back.Detections[1].LostParentInstances);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("auth", document.RootElement.GetProperty("detections")[0].GetProperty("lost_parent_callers")[0].GetString());
        Assert.False(document.RootElement.GetProperty("detections")[1].TryGetProperty("lost_parent_callers", out _));
        Assert.Equal("auth-2", document.RootElement.GetProperty("detections")[0].GetProperty("lost_parent_instances")[0].GetString());
        Assert.False(document.RootElement.GetProperty("detections")[1].TryGetProperty("lost_parent_instances", out _));
    }

    [Fact]
    public void Message_ids_are_derived_from_run_segment_and_sequence_so_a_redelivery_is_recognised()
    {
        var first = new DetectionBatch(7, []) { RunId = "run-1", Segment = 2 };
        var again = new DetectionBatch(7, []) { RunId = "run-1", Segment = 2 };

        Assert.Equal("run-1/detections/2/7", first.MessageId);
        Assert.Equal(first.MessageId, again.MessageId);
        Assert.NotEqual(first.MessageId, new DetectionBatch(7, []) { RunId = "run-2", Segment = 2 }.MessageId);
        Assert.NotEqual(first.MessageId, new DetectionBatch(7, []) { RunId = "run-1", Segment = 3 }.MessageId);
        Assert.Equal("run-1/segment/4", new TelemetrySegment(4, 5, 10, 0, 0, []) { RunId = "run-1" }.MessageId);
        Assert.Equal("run-1/detection-completed/4", new DetectionCompleted(0, 0, [], [], []) { RunId = "run-1", Segment = 4, SegmentCount = 5 }.MessageId);
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
