using System.Globalization;
using System.Text.Json;
using Amazon.SQS.Model;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit.Abstractions;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>What the SQS adapter does beyond the port's contract: queues, wire format, claim check, poison and visibility handling.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsMessageBusTests(FauxqsFixture fauxqs, ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Queues_are_created_at_start_with_a_dead_letter_queue_and_the_configured_redrive_policy()
    {
        var prefix = SqsTestHost.NewPrefix();
        using var host = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:MaxReceiveCount"] = "4", ["Messaging:Sqs:VisibilityTimeoutSeconds"] = "45" });
        using var sqs = SqsTestHost.Sqs();

        await host.StartAsync();

        var queue = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = (await sqs.GetQueueUrlAsync(prefix + "ping")).QueueUrl,
            AttributeNames = ["All"],
        });
        var deadLetterArn = (await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = (await sqs.GetQueueUrlAsync(prefix + "ping-dlq")).QueueUrl,
            AttributeNames = ["QueueArn"],
        })).QueueARN;
        using var redrive = JsonDocument.Parse(queue.Attributes["RedrivePolicy"]);
        var maxReceiveCount = redrive.RootElement.GetProperty("maxReceiveCount");
        Assert.Equal(deadLetterArn, redrive.RootElement.GetProperty("deadLetterTargetArn").GetString());
        Assert.Equal("4", maxReceiveCount.ValueKind == JsonValueKind.String ? maxReceiveCount.GetString() : maxReceiveCount.GetRawText());
        Assert.Equal(45, queue.VisibilityTimeout);
        await host.StopAsync();
    }

    [Fact]
    public async Task Every_contract_message_type_round_trips_unchanged_and_a_4096_record_batch_fits_one_message()
    {
        var prefix = SqsTestHost.NewPrefix();
        using var host = SqsTestHost.Create(fauxqs, prefix, services => services
            .AddHandler<Capturing<TelemetrySegment>, TelemetrySegment>()
            .AddHandler<Capturing<DetectionBatch>, DetectionBatch>()
            .AddHandler<Capturing<DetectionCompleted>, DetectionCompleted>()
            .AddHandler<Capturing<RootCauseCompleted>, RootCauseCompleted>());
        var telemetry = RealisticMessages.TelemetrySegment(7, 4096, seed: 42);
        var detections = RealisticMessages.DetectionBatch(500, seed: 42);
        var detectionCompleted = RealisticMessages.DetectionCompleted();
        var rootCause = RealisticMessages.RootCauseCompleted();
        await host.StartAsync();
        var bus = host.Bus();

        await Task.WhenAll(
            bus.PublishAsync(telemetry, CancellationToken.None),
            bus.PublishAsync(detections, CancellationToken.None),
            bus.PublishAsync(detectionCompleted, CancellationToken.None),
            bus.PublishAsync(rootCause, CancellationToken.None));

        Assert.Equal(Json(telemetry), Json((await Received<TelemetrySegment>(host)).Message));
        Assert.Equal(Json(detections), Json((await Received<DetectionBatch>(host)).Message));
        Assert.Equal(Json(detectionCompleted), Json((await Received<DetectionCompleted>(host)).Message));
        Assert.Equal(Json(rootCause), Json((await Received<RootCauseCompleted>(host)).Message));
        // The lists compared above are in the JSON at all: the instances of the segment and of the candidate.
        Assert.Contains("payment-7f9c4d-x2k4q", Json(detectionCompleted), StringComparison.Ordinal);
        Assert.Contains("payment-7f9c4d-x2k4q", Json(rootCause), StringComparison.Ordinal);
        var wire = WireSize(host, telemetry);
        Assert.True(wire < 256 * 1024, $"A 4096-record batch takes {wire} bytes on the wire, over the 256 KiB SQS limit.");
        await host.StopAsync();
    }

    [Fact]
    public async Task Undecodable_message_lands_in_the_dead_letter_queue_after_max_receive_count_and_is_reported_and_the_next_one_still_flows()
    {
        var prefix = SqsTestHost.NewPrefix();
        using var host = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:MaxReceiveCount"] = "3" });
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        var deadLettered = new TaskCompletionSource<DeadLetter>(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<DeadLetterLog>().Added += letter => deadLettered.TrySetResult(letter);
        using var sqs = SqsTestHost.Sqs();
        await host.StartAsync();
        var queueUrl = (await sqs.GetQueueUrlAsync(prefix + "ping")).QueueUrl;

        var garbage = await sqs.SendMessageAsync(queueUrl, "this is not a message");

        var letter = await deadLettered.Task.WaitAsync(Patience);
        Assert.Equal(("Ping", garbage.MessageId, 3), (letter.MessageType, letter.MessageId, letter.Attempts));
        Assert.Contains("content encoding", letter.Error);
        var deadLetterUrl = (await sqs.GetQueueUrlAsync(prefix + "ping-dlq")).QueueUrl;
        var inDeadLetterQueue = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = deadLetterUrl, WaitTimeSeconds = 20 });
        Assert.Equal("this is not a message", Assert.Single(inDeadLetterQueue.Messages).Body);
        handler.Expected = 1;
        await host.Bus().PublishAsync(new Ping(2) { RunId = "poison" }, CancellationToken.None);
        await handler.Done.WaitAsync(Patience);
        Assert.Equal(2, Assert.Single(handler.Received).Message.Number);
        await host.StopAsync();
    }

    [Fact]
    public async Task Handler_failing_once_gets_the_message_again_with_receive_count_2_and_then_it_is_deleted()
    {
        var prefix = SqsTestHost.NewPrefix();
        using var host = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<FlakyHandler, Ping>());
        var handler = host.Services.GetRequiredService<FlakyHandler>();
        handler.FailuresPerMessage = 1;
        handler.Expected = 1;
        using var sqs = SqsTestHost.Sqs();
        await host.StartAsync();

        await host.Bus().PublishAsync(new Ping(1) { RunId = "redeliver" }, CancellationToken.None);

        await handler.Done.WaitAsync(Patience);
        Assert.Equal(2, Assert.Single(handler.Received).ReceiveCount);
        var queueUrl = (await sqs.GetQueueUrlAsync(prefix + "ping")).QueueUrl;
        await SqsTestHost.EventuallyAsync(async () => await MessagesIn(sqs, queueUrl) == 0, Patience, "the message is deleted");
        Assert.Equal(0, await MessagesIn(sqs, (await sqs.GetQueueUrlAsync(prefix + "ping-dlq")).QueueUrl));
        Assert.Empty(host.Services.GetRequiredService<DeadLetterLog>().Letters);
        await host.StopAsync();
    }

    [Fact]
    public async Task Message_larger_than_the_limit_travels_through_s3_and_its_object_is_removed_after_handling()
    {
        var prefix = SqsTestHost.NewPrefix();
        var bucket = prefix + "claim-check";
        using var s3 = SqsTestHost.S3();
        var probe = new ClaimCheckProbe(s3, bucket, prefix);
        using var host = SqsTestHost.Create(fauxqs, prefix,
            services => services.AddSingleton(probe).AddHandler<ClaimCheckProbe, TelemetrySegment>(),
            new Dictionary<string, string?> { ["Messaging:Sqs:MaxMessageBytes"] = "1024" });
        var batch = RealisticMessages.TelemetrySegment(0, 4096, seed: 7);
        await host.StartAsync();

        await host.Bus().PublishAsync(batch, CancellationToken.None);

        var (context, objectsWhileHandling) = await probe.Handled.WaitAsync(Patience);
        Assert.Equal(1, objectsWhileHandling);
        Assert.Equal(Json(batch), Json(context.Message));
        await SqsTestHost.EventuallyAsync(
            async () => ((await s3.ListObjectsV2Async(new() { BucketName = bucket, Prefix = prefix })).S3Objects?.Count ?? 0) == 0,
            Patience, "the claim-check object is deleted");
        await host.StopAsync();
    }

    [Fact]
    public async Task A_copy_whose_claim_check_payload_is_gone_was_handled_already_and_is_acknowledged_not_dead_lettered()
    {
        // A payload is deleted only after its message was acknowledged; a copy that comes back later (its visibility
        // lapsed during an outage) finds it gone.
        var prefix = SqsTestHost.NewPrefix();
        using var host = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:MaxReceiveCount"] = "2" });
        var handler = host.Services.GetRequiredService<RecordingHandler>();
        using var sqs = SqsTestHost.Sqs();
        await host.StartAsync();
        var queueUrl = (await sqs.GetQueueUrlAsync(prefix + "ping")).QueueUrl;

        await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = $$"""{"bucket":"{{prefix}}claim-check","key":"{{prefix}}ping/gone/payload.json.br","bytes":10}""",
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                [SqsWireFormat.ContentEncoding] = new() { DataType = "String", StringValue = SqsWireFormat.BrotliS3 },
                [SqsWireFormat.MessageType] = new() { DataType = "String", StringValue = "Ping" },
            },
        });
        handler.Expected = 1;
        await host.Bus().PublishAsync(new Ping(3) { RunId = "after" }, CancellationToken.None);
        await handler.Done.WaitAsync(Patience);

        Assert.Equal(3, Assert.Single(handler.Received).Message.Number);
        await SqsTestHost.EventuallyAsync(
            async () => (await sqs.GetQueueAttributesAsync(queueUrl, ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]))
                .Attributes.Values.All(value => value == "0"),
            Patience, "the copy is acknowledged");
        Assert.Empty(host.Services.GetRequiredService<DeadLetterLog>().Letters);
        await host.StopAsync();
    }

    [Fact]
    public async Task Body_larger_than_a_claim_check_part_is_uploaded_in_parts_and_arrives_whole()
    {
        var prefix = SqsTestHost.NewPrefix();
        using var host = SqsTestHost.Create(fauxqs, prefix,
            services => services.AddHandler<Capturing<TelemetrySegment>, TelemetrySegment>(),
            new Dictionary<string, string?> { ["Messaging:Sqs:ClaimCheckPartBytes"] = (5 * 1024 * 1024).ToString(CultureInfo.InvariantCulture) });
        // Over the 11 MiB that fauxqs (like many emulators and proxies) accepts in one request.
        var segment = RealisticMessages.IncompressibleSegment(megabytes: 12, seed: 3);
        var compressed = host.Services.GetRequiredService<SqsMessageCodec>().Encode(segment).Compressed.Length;
        await host.StartAsync();

        await host.Bus().PublishAsync(segment, CancellationToken.None);

        Assert.True(compressed > 11 * 1024 * 1024, $"the body compresses to {compressed} bytes, which one request could carry");
        Assert.Equal(Json(segment), Json((await Received<TelemetrySegment>(host)).Message));
        await host.StopAsync();
    }

    [Fact]
    public async Task Visibility_is_extended_while_a_slow_handler_runs_so_its_message_is_not_delivered_again()
    {
        var prefix = SqsTestHost.NewPrefix();
        // Three visibility timeouts of work, and a second free slot that would pick the message up if it reappeared.
        var handler = new SlowHandler(TimeSpan.FromSeconds(6));
        using var host = SqsTestHost.Create(fauxqs, prefix,
            services => services.AddSingleton<RecordingHandler>(handler).AddHandler<RecordingHandler, Ping>(),
            new Dictionary<string, string?> { ["Messaging:Sqs:VisibilityTimeoutSeconds"] = "2", ["Messaging:Sqs:Concurrency"] = "2" });
        handler.Expected = 2;
        await host.StartAsync();

        await host.Bus().PublishAsync(new Ping(1) { RunId = "slow" }, CancellationToken.None);
        await SqsTestHost.EventuallyAsync(() => Task.FromResult(handler.Received.Count == 1), Patience, "the slow message is handled");
        await host.Bus().PublishAsync(new Ping(2) { RunId = "slow" }, CancellationToken.None);

        await handler.Done.WaitAsync(Patience);
        Assert.Equal(1, handler.Deliveries[1]);
        Assert.Equal(1, Assert.Single(handler.Received, c => c.Message.Number == 1).ReceiveCount);
        await host.StopAsync();
    }

    [Fact]
    public async Task Separate_publisher_and_consumer_hosts_agree_on_the_queues_of_each_consumer_group()
    {
        var prefix = SqsTestHost.NewPrefix();
        var subscriptions = new Dictionary<string, string?>
        {
            ["Messaging:Sqs:Subscriptions:Ping:0"] = "recording-handler",
            ["Messaging:Sqs:Subscriptions:Ping:1"] = "second-recording-handler",
        };
        using var first = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>(), subscriptions);
        using var second = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<SecondRecordingHandler, Ping>(), subscriptions);
        using var publisher = SqsTestHost.Create(fauxqs, prefix, _ => { }, subscriptions);
        var firstHandler = first.Services.GetRequiredService<RecordingHandler>();
        var secondHandler = second.Services.GetRequiredService<SecondRecordingHandler>();
        firstHandler.Expected = secondHandler.Expected = 5;
        await Task.WhenAll(first.StartAsync(), second.StartAsync(), publisher.StartAsync());

        await Task.WhenAll(Enumerable.Range(0, 5).Select(i => publisher.Bus().PublishAsync(new Ping(i) { RunId = "apart" }, CancellationToken.None)));

        await Task.WhenAll(firstHandler.Done, secondHandler.Done).WaitAsync(Patience);
        Assert.Equal(Enumerable.Range(0, 5), firstHandler.Received.Select(c => c.Message.Number).Order());
        Assert.Equal(Enumerable.Range(0, 5), secondHandler.Received.Select(c => c.Message.Number).Order());
        await Task.WhenAll(first.StopAsync(), second.StopAsync(), publisher.StopAsync());
    }

    [Fact]
    public async Task Two_instances_of_one_consumer_share_its_queue_and_each_message_is_handled_once()
    {
        var prefix = SqsTestHost.NewPrefix();
        using var one = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>());
        using var two = SqsTestHost.Create(fauxqs, prefix, services => services.AddHandler<RecordingHandler, Ping>());
        var handlers = new[] { one, two }.Select(h => h.Services.GetRequiredService<RecordingHandler>()).ToArray();
        await Task.WhenAll(one.StartAsync(), two.StartAsync());

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => one.Bus().PublishAsync(new Ping(i) { RunId = "compete" }, CancellationToken.None)));

        await SqsTestHost.EventuallyAsync(() => Task.FromResult(handlers.Sum(h => h.Received.Count) >= 20), Patience, "all 20 are handled");
        Assert.Equal(Enumerable.Range(0, 20), handlers.SelectMany(h => h.Received).Select(c => c.Message.Number).Order());
        await Task.WhenAll(one.StopAsync(), two.StopAsync());
    }

    private static async Task<MessageContext<T>> Received<T>(IHost host) where T : IntegrationMessage =>
        await host.Services.GetRequiredService<Capturing<T>>().First.WaitAsync(Patience);

    private static async Task<int> MessagesIn(Amazon.SQS.IAmazonSQS sqs, string queueUrl)
    {
        var attributes = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return attributes.ApproximateNumberOfMessages + attributes.ApproximateNumberOfMessagesNotVisible;
    }

    private static string Json<T>(T message) where T : IntegrationMessage =>
        JsonSerializer.Serialize(message, (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)ContractsJsonContext.Default.GetTypeInfo(typeof(T))!);

    private int WireSize(IHost host, TelemetrySegment batch)
    {
        var payload = host.Services.GetRequiredService<SqsMessageCodec>().Encode(batch);
        var base64 = (payload.Compressed.Length + 2) / 3 * 4;
        output.WriteLine($"TelemetrySegment of {batch.Records.Count} records: JSON {payload.JsonBytes} B " +
                         $"({payload.JsonBytes / (double)batch.Records.Count:F1} B/record), Brotli q{SqsMessageCodec.BrotliQuality} " +
                         $"{payload.Compressed.Length} B, base64 body {base64} B ({base64 / (double)batch.Records.Count:F1} B/record on the wire)");
        return base64;
    }
}
