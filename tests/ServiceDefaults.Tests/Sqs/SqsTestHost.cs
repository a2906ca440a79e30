using Amazon.S3;
using Amazon.SQS;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>Hosts on the SQS transport against the fixture's emulator, each test with its own queue prefix.</summary>
internal static class SqsTestHost
{
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..13] + "-";

    public static IHost Create(
        FauxqsFixture fauxqs, string prefix, Action<IServiceCollection> registerHandlers, IDictionary<string, string?>? settings = null)
    {
        ArgumentNullException.ThrowIfNull(fauxqs.Endpoint);
        var all = new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "Sqs",
            ["Messaging:Sqs:QueuePrefix"] = prefix,
            ["Messaging:Sqs:RetryDelaySeconds"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return MessagingTestHost.Create(services =>
        {
            services.AddSingleton(new MessageSerializationContext(TestMessagesJsonContext.Default));
            registerHandlers(services);
        }, all);
    }

    /// <summary>A client of our own for inspecting the emulator; it finds it through the same environment as the hosts.</summary>
    public static AmazonSQSClient Sqs() => new(new AmazonSQSConfig());

    public static AmazonS3Client S3() => new(new AmazonS3Config { ForcePathStyle = true });

    public static async Task<bool> QueueExistsAsync(IAmazonSQS sqs, string queueName)
    {
        try
        {
            await sqs.GetQueueUrlAsync(queueName);
            return true;
        }
        catch (Amazon.SQS.Model.QueueDoesNotExistException)
        {
            return false;
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds, for state the emulator changes after our handler returned.</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, TimeSpan patience, string what)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }
}
