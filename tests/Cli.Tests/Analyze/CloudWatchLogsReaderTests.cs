using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Log lines as CloudWatch Logs gives them, their service and instance read from the log stream's name.</summary>
public sealed class CloudWatchLogsReaderTests : IDisposable
{
    private const long StartMillis = 1_767_571_200_000;
    private const string Task = "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e";
    private const string ContainerId = "3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a";
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private readonly InputFolder _inputs = new();

    [Fact]
    public void A_filter_log_events_answer_reads_as_log_lines_of_the_services_its_streams_name()
    {
        var answer = $$"""
            {
                "events": [
                    {"logStreamName": "shop/cart/{{Task}}", "timestamp": {{StartMillis}}, "message": "2026-01-05 00:00:00 ERROR redis GET timed out", "ingestionTime": {{StartMillis + 900}}, "eventId": "1"},
                    {"logStreamName": "kubernetes.var.log.containers.checkout-7d9f-abc_shop_checkout-{{ContainerId}}.log", "timestamp": {{StartMillis + 1500}}, "message": "{\"level\":\"warn\",\"msg\":\"slow payment\"}", "eventId": "2"},
                    {"logStreamName": "i-0abc123def4567890", "timestamp": {{StartMillis + 2000}}, "message": "started", "eventId": "3"}
                ],
                "searchedLogStreams": []
            }
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("events.json", answer));

        Assert.Equal(0, rejects.Count);
        Assert.Collection(records,
            cart => Assert.Equal((TelemetryKind.Log, "cart", Task, Start, LogLevel.Error), (cart.Kind, cart.Service, cart.Instance, cart.Timestamp, cart.Level)),
            checkout => Assert.Equal(("checkout", "checkout-7d9f-abc", LogLevel.Warn, "{\"level\":\"warn\",\"msg\":\"slow payment\"}"), (checkout.Service, checkout.Instance, checkout.Level, checkout.Message)),
            other => Assert.Equal(("i-0abc123def4567890", "i-0abc123def4567890", LogLevel.Info, Start.AddSeconds(2)), (other.Service, other.Instance, other.Level, other.Timestamp)));
        Assert.Equal(2, rejects.LevelsFromText);
    }

    [Fact]
    public void Events_one_a_line_and_logs_insights_results_are_read_too()
    {
        var events = _inputs.Write("events.jsonl",
            $$"""{"logStreamName":"shop/cart/{{Task}}","timestamp":{{StartMillis}},"message":"INFO cart read"}""",
            $$"""{"logStreamName":"shop/cart/{{Task}}","timestamp":{{StartMillis + 1000}},"message":"INFO cart written"}""");
        var insights = _inputs.Write("insights.json", """
            {"results": [[{"field": "@timestamp", "value": "2026-01-05 00:00:03.250"}, {"field": "@message", "value": "ERROR cart lost"},
                          {"field": "@logStream", "value": "shop/cart/4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e"}, {"field": "@ptr", "value": "CmAKJwoj"}]],
             "statistics": {"recordsMatched": 1.0}, "status": "Complete"}
            """);

        var (lines, _) = InputFolder.Read(events);
        var (results, rejects) = InputFolder.Read(insights);

        Assert.Equal(["cart read", "cart written"], lines.Select(record => record.Message![5..]));
        var result = Assert.Single(results);
        Assert.Equal(0, rejects.Count);
        Assert.Equal(("cart", Task, Start.AddMilliseconds(3250), LogLevel.Error), (result.Service, result.Instance, result.Timestamp, result.Level));
    }

    [Fact]
    public void An_event_that_cannot_be_placed_in_time_is_rejected_alone_naming_its_line_and_field()
    {
        var answer = _inputs.Write("events.json", "{\"events\": [",
            $$"""{"logStreamName":"a","timestamp":{{StartMillis}},"message":"kept"},""",
            """{"logStreamName":"a","message":"no time"},""",
            """{"logStreamName":"a","timestamp":"yesterday","message":"bad time"}""",
            "]}");
        var insights = _inputs.Write("insights.json", """{"results": [[{"field": "@message", "value": "no time"}]], "status": "Complete"}""");

        var (records, rejects) = InputFolder.Read(answer);
        var (none, insightRejects) = InputFolder.Read(insights);

        Assert.Equal("kept", Assert.Single(records).Message);
        Assert.Collection(rejects.Reasons,
            reason => Assert.Contains("events.json, line 1, events[1].timestamp: missing: the line cannot be placed in time", reason),
            reason => Assert.Contains("events[2].timestamp: \"yesterday\" is not a whole number of milliseconds since 1970", reason));
        Assert.Empty(none);
        Assert.Contains("results[0].@timestamp: missing: the line cannot be placed in time (the query's fields must include @timestamp)", Assert.Single(insightRejects.Reasons));
    }

    [Fact]
    public void Events_that_carry_metrics_are_read_as_readings_of_the_container_or_service_they_name()
    {
        var emf = Event("lambda", StartMillis + 500, $$$"""
            {"_aws":{"Timestamp":{{{StartMillis}}},"CloudWatchMetrics":[{"Namespace":"Shop","Dimensions":[["ServiceName"]],"Metrics":[{"Name":"Latency","Unit":"Milliseconds"},{"Name":"Orders"}]}]},
             "ServiceName":"checkout","PodName":"checkout-7d9f-abc","Latency":[120.5,80],"Orders":3,"RequestSize":900}
            """);
        var ecsContainer = Event("perf", StartMillis + 60_000, $$$"""
            {"Version":"0","Type":"Container","ContainerName":"cart","TaskId":"{{{Task}}}","ServiceName":"shop-cart","ClusterName":"shop",
             "Timestamp":{{{StartMillis + 60_000}}},"CpuUtilized":12.5,"CpuReserved":256.0,"MemoryUtilized":180,"TaskDefinitionRevision":"3"}
            """);
        var ecsTask = Event("perf", StartMillis + 60_000, $$$"""{"Version":"0","Type":"Task","TaskId":"{{{Task}}}","ServiceName":"shop-cart","ClusterName":"shop","CpuUtilized":14.0}""");
        var eksContainer = Event("perf", StartMillis + 60_000, $$$"""
            {"Type":"Container","Timestamp":"{{{StartMillis}}}","kubernetes":{"container_name":"payment","pod_name":"payment-6c4-q1","namespace_name":"shop"},"container_cpu_utilization":3.5}
            """);
        var words = Event("shop/cart/" + Task, StartMillis, """{"level":"error","Type":"OrderFailed","msg":"no stock"}""");

        var (records, rejects) = InputFolder.Read(_inputs.Write("events.json", $"{{\"events\": [{string.Join(",", emf, ecsContainer, ecsTask, eksContainer, words)}]}}"));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(
            [
                ("checkout", "checkout-7d9f-abc", "Latency", 120.5, Start), ("checkout", "checkout-7d9f-abc", "Latency", 80.0, Start),
                ("checkout", "checkout-7d9f-abc", "Orders", 3.0, Start),
                ("cart", Task, "CpuUtilized", 12.5, Start.AddMinutes(1)), ("cart", Task, "CpuReserved", 256.0, Start.AddMinutes(1)),
                ("cart", Task, "MemoryUtilized", 180.0, Start.AddMinutes(1)),
                ("payment", "payment-6c4-q1", "container_cpu_utilization", 3.5, Start),
            ],
            records.Where(static r => r.Kind == TelemetryKind.Metric).Select(static r => (r.Service, r.Instance, r.Name, r.Value, r.Timestamp)));
        var line = Assert.Single(records, static r => r.Kind == TelemetryKind.Log);
        Assert.Equal(("cart", LogLevel.Error), (line.Service, line.Level));
        Assert.Equal((3, 1), (rejects.MetricLogEvents, rejects.AggregateLogEvents));
    }

    [Fact]
    public void Subscription_payloads_one_after_another_as_firehose_delivers_them_are_read_and_a_lambda_group_names_its_function()
    {
        var ecs = $$"""{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/ecs/shop","logStream":"shop/cart/{{Task}}","subscriptionFilters":["to-s3"],"logEvents":[{"id":"1","timestamp":{{StartMillis}},"message":"ERROR cart read failed"},{"id":"2","timestamp":{{StartMillis + 1000}},"message":"INFO retried"}]}""";
        var control = """{"messageType":"CONTROL_MESSAGE","owner":"CloudwatchLogs","logGroup":"","logStream":"","subscriptionFilters":[],"logEvents":[]}""";
        var lambda = $$"""{"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/orders","logStream":"2026/01/05/[$LATEST]0123456789abcdef0123456789abcdef","subscriptionFilters":["to-s3"],"logEvents":[{"id":"3","timestamp":{{StartMillis + 2000}},"message":"WARN slow"}]}""";
        var path = _inputs.Write("firehose-object", ecs + control + lambda);

        var (records, rejects) = InputFolder.Read(path);

        Assert.Equal(0, rejects.Count);
        Assert.Equal(
            [
                ("cart", Task, LogLevel.Error, Start), ("cart", Task, LogLevel.Info, Start.AddSeconds(1)),
                ("orders", "2026/01/05/[$LATEST]0123456789abcdef0123456789abcdef", LogLevel.Warn, Start.AddSeconds(2)),
            ],
            records.Select(static r => (r.Service, r.Instance, r.Level, r.Timestamp)));
    }

    private static string Event(string stream, long millis, string message) =>
        $$"""{"logStreamName":"{{stream}}","timestamp":{{millis}},"message":{{System.Text.Json.JsonSerializer.Serialize(message.ReplaceLineEndings(" "))}}}""";

    [Theory]
    [InlineData("shop/cart/4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "cart", "4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e")]
    [InlineData("ecs/payment/0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e", "payment", "0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e")]
    [InlineData("cart-5d8f-x2_default_cart-" + ContainerId + ".log", "cart", "cart-5d8f-x2")]
    [InlineData("fluent-bit-kube.var.log.containers.ts-travel-service-64469b5b48-5rjvb_train_ts-travel-service-" + ContainerId, "ts-travel-service", "ts-travel-service-64469b5b48-5rjvb")]
    [InlineData("2026/01/05/[$LATEST]0123456789abcdef0123456789abcdef", "2026/01/05/[$LATEST]0123456789abcdef0123456789abcdef", "2026/01/05/[$LATEST]0123456789abcdef0123456789abcdef")]
    [InlineData("shop/cart/not-a-task", "shop/cart/not-a-task", "shop/cart/not-a-task")]
    public void A_streams_name_gives_the_service_and_instance_where_its_platform_wrote_them(string stream, string service, string instance) =>
        Assert.Equal((service, instance), CloudWatchLogsReader.StreamOrigin(stream));

    public void Dispose() => _inputs.Dispose();
}
