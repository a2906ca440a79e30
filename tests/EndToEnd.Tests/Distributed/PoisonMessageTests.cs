using Amazon.SQS;
using Amazon.SQS.Model;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>
/// A poison message on a service's queue in a run over SQS: it lands in the dead-letter queue after the configured
/// receives, the run still completes with the results of an undisturbed run, and the summary reports the message.
/// </summary>
[Collection(SqsEmulatorCollection.Name)]
public sealed class PoisonMessageTests(FauxqsFixture fauxqs)
{
    [Fact]
    public async Task Undecodable_segment_is_dead_lettered_reported_and_the_run_completes_with_nothing_else_lost()
    {
        string[] run = ["--records", "3000", "--seed", "17"];
        using var undisturbed = await PipelineRun.StartAsync(run);
        var prefix = $"poison-{Guid.NewGuid():N}"[..20] + "-";
        using var sqs = new AmazonSQSClient(new AmazonSQSConfig { ServiceURL = fauxqs.Endpoint.ToString() });
        // The detectors' segment queue ({prefix}{message type in kebab case}), with a message no detector can decode
        // waiting in it before they start; the attributes are the adapter's wire format.
        var queueName = prefix + "telemetry-segment";
        var queueUrl = (await sqs.CreateQueueAsync(queueName)).QueueUrl;
        await sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = "not a telemetry segment",
            MessageAttributes = new Dictionary<string, MessageAttributeValue>
            {
                ["message-type"] = new() { DataType = "String", StringValue = nameof(TelemetrySegment) },
                ["message-id"] = new() { DataType = "String", StringValue = "stray/segment/0" },
                ["content-encoding"] = new() { DataType = "String", StringValue = "rot13" },
            },
        });
        var directory = Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));

        try
        {
            var (exitCode, console, _, _) = await CliProcess.RunAsync(
                new Dictionary<string, string> { ["Messaging__Sqs__QueuePrefix"] = prefix },
                TimeSpan.FromMinutes(5), null, ["run", .. run, "--out", directory, "--transport", "sqs"]);

            Assert.True(exitCode == 0, console);
            Assert.True(console.Contains("message(s) that were not the run's were dead-lettered", StringComparison.Ordinal), console);
            Assert.Contains("TelemetrySegment stray/segment/0", console);
            var deadLetterUrl = (await sqs.GetQueueUrlAsync(queueName + "-dlq")).QueueUrl;
            var kept = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = deadLetterUrl, WaitTimeSeconds = 1 });
            Assert.Equal("not a telemetry segment", Assert.Single(kept.Messages).Body);
            foreach (var file in new[] { "anomalies.json", "evaluation.json" })
            {
                Assert.True(File.ReadAllBytes(undisturbed.PathOf(file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(directory, file))),
                    $"{file} differs from the undisturbed run");
            }
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
