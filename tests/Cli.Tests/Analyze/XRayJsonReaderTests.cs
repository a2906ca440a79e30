using System.Text.Json;
using System.Text.Json.Nodes;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>AWS X-Ray traces as <c>aws xray batch-get-traces</c> answers, or segment documents, read as spans joined across services.</summary>
public sealed class XRayJsonReaderTests : IDisposable
{
    private const string TraceId = "1-695afc00-bd862e3fe1be46a994272793";
    private const string W3CTraceId = "695afc00bd862e3fe1be46a994272793";
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
    private static readonly double StartSeconds = (Start - DateTime.UnixEpoch).TotalSeconds;

    private readonly InputFolder _inputs = new();

    /// <summary>frontend's segment (an ECS task) calls cart, whose segment (an EKS pod) names that call as its parent.</summary>
    private static JsonObject Frontend(JsonObject? call = null) => new()
    {
        ["id"] = "70de5b6f19ff9a0a",
        ["name"] = "frontend",
        ["trace_id"] = TraceId,
        ["start_time"] = StartSeconds,
        ["end_time"] = StartSeconds + 0.25,
        ["http"] = new JsonObject { ["request"] = new JsonObject { ["method"] = "GET", ["url"] = "https://shop.example.com/cart/%7Bid%7D?user=7" } },
        ["aws"] = new JsonObject { ["ecs"] = new JsonObject { ["container"] = "ip-10-0-1-7", ["task_arn"] = "arn:aws:ecs:eu-west-1:123456789012:task/shop/4f1c2d" } },
        ["subsegments"] = new JsonArray(call ?? Call()),
    };

    private static JsonObject Call() => new()
    {
        ["id"] = "0c544c1b1bbff948",
        ["name"] = "cart",
        ["namespace"] = "remote",
        ["start_time"] = StartSeconds + 0.01,
        ["end_time"] = StartSeconds + 0.21,
        ["error"] = true,
    };

    private static JsonObject Cart() => new()
    {
        ["id"] = "3f1e7b0a9d2c4e51",
        ["name"] = "cart",
        ["trace_id"] = TraceId,
        ["parent_id"] = "0c544c1b1bbff948",
        ["start_time"] = StartSeconds + 0.02,
        ["end_time"] = StartSeconds + 0.2,
        ["error"] = true,
        ["aws"] = new JsonObject { ["eks"] = new JsonObject { ["pod"] = "cart-5d8f-x2", ["cluster_name"] = "shop" } },
    };

    private static string Answer(params JsonObject[] documents) => new JsonObject
    {
        ["Traces"] = new JsonArray(new JsonObject
        {
            ["Id"] = TraceId,
            ["Duration"] = 0.25,
            ["Segments"] = new JsonArray([.. documents.Select(d => (JsonNode)new JsonObject { ["Id"] = d["id"]!.GetValue<string>(), ["Document"] = d.ToJsonString() })]),
        }),
        ["UnprocessedTraceIds"] = new JsonArray(),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    [Fact]
    public void A_batch_get_traces_answer_reads_as_spans_joined_across_services()
    {
        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.json", Answer(Frontend(), Cart())));

        Assert.Equal(0, rejects.Count);
        Assert.Collection(records,
            segment =>
            {
                Assert.Equal(("frontend", "4f1c2d", "GET /cart/{id}", 250.0), (segment.Service, segment.Instance, segment.Name, segment.Value));
                Assert.Equal((Start, W3CTraceId, "70de5b6f19ff9a0a", (string?)null), (segment.Timestamp, segment.TraceId, segment.SpanId, segment.ParentSpanId));
            },
            call =>
            {
                Assert.Equal(("frontend", "4f1c2d", "cart", 200.0), (call.Service, call.Instance, call.Name, call.Value));
                Assert.Equal((Start.AddMilliseconds(10), "70de5b6f19ff9a0a", SpanStatus.Error), (call.Timestamp, call.ParentSpanId, call.Status));
            },
            cart =>
            {
                Assert.Equal(("cart", "cart-5d8f-x2", "cart", 180.0), (cart.Service, cart.Instance, cart.Name, cart.Value));
                Assert.Equal(("0c544c1b1bbff948", SpanStatus.Ok), (cart.ParentSpanId, cart.Status));
            });
    }

    [Fact]
    public void A_segment_fails_on_a_fault_and_a_call_out_on_an_error_fault_or_throttle()
    {
        var throttled = Call();
        throttled.Remove("error");
        throttled["throttle"] = true;
        var faulted = Cart();
        faulted["fault"] = true;

        var (records, _) = InputFolder.Read(_inputs.Write("traces.json", Answer(Frontend(throttled), faulted)));

        Assert.Equal([SpanStatus.Ok, SpanStatus.Error, SpanStatus.Error], records.Select(record => record.Status));
    }

    [Fact]
    public void Segment_documents_one_a_line_are_read_and_inferred_segments_left_out()
    {
        var inferred = new JsonObject
        {
            ["id"] = "5a1b2c3d4e5f6a7b", ["name"] = "DynamoDB", ["trace_id"] = TraceId, ["parent_id"] = "0c544c1b1bbff948",
            ["start_time"] = StartSeconds, ["end_time"] = StartSeconds + 0.1, ["inferred"] = true,
        };

        var (records, rejects) = InputFolder.Read(_inputs.Write("segments.jsonl", Frontend().ToJsonString(), Cart().ToJsonString(), inferred.ToJsonString()));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(["frontend", "frontend", "cart"], records.Select(record => record.Service));
    }

    [Fact]
    public void A_segment_that_cannot_be_a_span_is_rejected_alone_and_its_subsegments_are_still_read()
    {
        var running = Frontend();
        running.Remove("end_time");
        running["in_progress"] = true;
        var backwards = Cart();
        backwards["end_time"] = StartSeconds - 1;
        var undated = Cart();
        undated["id"] = "9e9e9e9e9e9e9e9e";
        undated.Remove("start_time");

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.json", Answer(running, backwards, undated)));

        Assert.Equal([("frontend", "cart")], records.Select(record => (record.Service, record.Name)));
        Assert.Equal(3, rejects.Count);
        Assert.Collection(rejects.Reasons,
            reason => Assert.Contains("traces.json, line 1, Traces[0].Segments[0].Document.in_progress: true: the request had not ended", reason),
            reason => Assert.Contains("Traces[0].Segments[1].Document.end_time: 1767571199 is before its start", reason),
            reason => Assert.Contains("Traces[0].Segments[2].Document.start_time: missing: it cannot be placed in time", reason));
    }

    [Fact]
    public void A_document_that_is_not_json_is_rejected_naming_its_segment()
    {
        var answer = JsonNode.Parse(Answer(Frontend()))!;
        answer["Traces"]![0]!["Segments"]!.AsArray().Add(new JsonObject { ["Id"] = "1", ["Document"] = "{\"id\": " });

        var (records, rejects) = InputFolder.Read(_inputs.Write("traces.json", answer.ToJsonString()));

        Assert.Equal(2, records.Count);
        Assert.Contains(rejects.Reasons, reason => reason.Contains("traces.json, line 1, Traces[0].Segments[1].Document: is not JSON", StringComparison.Ordinal));
    }

    public void Dispose() => _inputs.Dispose();
}
