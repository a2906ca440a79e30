using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using AnomalyPlatform.LocalEmulator;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>
/// What the Aspire application meets when fauxqs is restarted (from the dashboard, or after a crash): the emulator comes
/// back on the same port with nothing in it. A long-running service waits out the restart, creates its queue again and
/// carries on. On an emulator of its own, so that the restart disturbs no other test.
/// </summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsEmulatorRestartTests(FauxqsFixture fauxqs)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string?> ShortPolls = new() { ["Messaging:Sqs:WaitTimeSeconds"] = "1" };

    [Fact]
    public async Task Long_running_consumer_carries_on_after_the_emulator_restarts_empty()
    {
        var installation = await FauxqsInstaller.EnsureInstalledAsync(progress: null, CancellationToken.None);
        FauxqsServer? emulator = await FauxqsServer.StartAsync(installation, CancellationToken.None);
        var port = emulator.Endpoint.Port;
        try
        {
            var prefix = SqsTestHost.NewPrefix();
            var queue = prefix + "ping";
            var endpoint = emulator.Endpoint.ToString().TrimEnd('/');
            using var host = SqsTestHost.Create(fauxqs, prefix, services =>
            {
                services.AddHandler<RecordingHandler, Ping>();
                services.Replace(ServiceDescriptor.Singleton<IAmazonSQS>(_ => Sqs(endpoint)));
                services.Replace(ServiceDescriptor.Singleton<IAmazonS3>(_ => S3(endpoint)));
            }, ShortPolls);
            var handler = host.Services.GetRequiredService<RecordingHandler>();
            handler.Expected = 2;
            using var sqs = Sqs(endpoint);
            await host.StartAsync();
            await host.Bus().PublishAsync(new Ping(1) { RunId = "restart" }, CancellationToken.None);
            await SqsTestHost.EventuallyAsync(() => Task.FromResult(!handler.Received.IsEmpty), Patience, "ping 1 is consumed before the restart");

            await emulator.DisposeAsync();
            // Disposed once: a restart that fails leaves nothing for the finally to dispose.
            emulator = null;
            emulator = await FauxqsServer.StartAsync(installation, port, CancellationToken.None);
            // Only the consumer can bring the queue back: nothing has been published since.
            await SqsTestHost.EventuallyAsync(() => SqsTestHost.QueueExistsAsync(sqs, queue), Patience, "the consumer has created its queue again");
            await host.Bus().PublishAsync(new Ping(2) { RunId = "restart" }, CancellationToken.None);

            await handler.Done.WaitAsync(Patience);
            Assert.Equal([1, 2], handler.Received.Select(context => context.Message.Number));
            // The host worked on this emulator, not on the one the other tests share.
            using var shared = SqsTestHost.Sqs();
            Assert.Empty((await shared.ListQueuesAsync(new ListQueuesRequest { QueueNamePrefix = prefix })).QueueUrls ?? []);
            await host.StopAsync();
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }
        }
    }

    private static AmazonSQSClient Sqs(string endpoint) =>
        new(new BasicAWSCredentials("test", "test"), new AmazonSQSConfig { ServiceURL = endpoint, AuthenticationRegion = "us-east-1" });

    private static AmazonS3Client S3(string endpoint) => new(new BasicAWSCredentials("test", "test"),
        new AmazonS3Config { ServiceURL = endpoint, AuthenticationRegion = "us-east-1", ForcePathStyle = true });
}
