using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AnomalyPlatform.Detector.Evaluation;
using AnomalyPlatform.Generator;
using AnomalyPlatform.RootCause.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Microsoft.Extensions.Configuration;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// The SQS settings a pipeline run needs and the user did not set: a queue prefix of its own, and one queue per
/// consumer of the messages that more than one stage reads.
/// </summary>
internal static class SqsRunSettings
{
    public const string QueuePrefixKey = "Messaging:Sqs:QueuePrefix";
    public const string SubscriptionsKey = "Messaging:Sqs:Subscriptions";

    // SqsOptions allows 40 characters: "anomaly-" + run id + "-" + 6 hex digits + "-".
    private const int MaxRunIdLength = 40 - 16;

    /// <summary>The keys to add on top of <paramref name="configuration"/>; none unless the transport is SQS.</summary>
    public static IReadOnlyDictionary<string, string?> Defaults(IConfiguration configuration)
    {
        var defaults = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var transport = configuration.GetSection(MessagingOptions.SectionName)
            .GetValue(nameof(MessagingOptions.Transport), MessagingTransport.InProcess);
        if (transport != MessagingTransport.Sqs)
        {
            return defaults;
        }

        if (string.IsNullOrWhiteSpace(configuration[QueuePrefixKey]))
        {
            // A fresh prefix per run: messages left on the queues of an earlier (failed or cancelled) run are never consumed.
            defaults[QueuePrefixKey] = $"anomaly-{Sanitize(RunIdOf(configuration))}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}-";
        }

        if (!configuration.GetSection(SubscriptionsKey).GetChildren().Any())
        {
            // Detections are read by the root-cause stage and by the evaluation: each needs every message, so each gets
            // its own queue (with one shared queue they would compete and each would see part of the run).
            Subscribe(defaults, configuration, nameof(Contracts.Messages.DetectionBatch), typeof(DetectionCollector), typeof(DetectionBatchHandler));
            Subscribe(defaults, configuration, nameof(Contracts.Messages.DetectionCompleted), typeof(DetectionCollector), typeof(DetectionCompletedHandler));
            // The CLI's own subscription, so that another reader of the run's end never takes its message.
            Subscribe(defaults, configuration, nameof(Contracts.Messages.RootCauseCompleted), typeof(PipelineCompletion));
        }

        return defaults;
    }

    /// <summary>The run id the generator will use (<c>Generator:RunId</c>, else <c>run-{Seed}</c>).</summary>
    public static string RunIdOf(IConfiguration configuration)
    {
        var generator = new GeneratorOptions();
        configuration.GetSection(GeneratorOptions.SectionName).Bind(generator);
        return generator.ResolveRunId();
    }

    private static void Subscribe(Dictionary<string, string?> defaults, IConfiguration configuration, string messageType, params Type[] handlers)
    {
        for (var i = 0; i < handlers.Length; i++)
        {
            defaults[$"{SubscriptionsKey}:{messageType}:{i.ToString(CultureInfo.InvariantCulture)}"] = ConsumerGroup(configuration, handlers[i]);
        }
    }

    /// <summary>The handler's consumer group: <c>Messaging:Sqs:ConsumerGroups:{Handler}</c>, else the adapter's default.</summary>
    private static string ConsumerGroup(IConfiguration configuration, Type handler) =>
        configuration[$"Messaging:Sqs:ConsumerGroups:{handler.Name}"] is { Length: > 0 } configured ? configured : SqsConsumerGroup.DefaultFor(handler);

    private static string Sanitize(string runId)
    {
        var builder = new StringBuilder(MaxRunIdLength);
        foreach (var c in runId)
        {
            if (builder.Length == MaxRunIdLength)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c) || c == '-')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
        }

        return builder.Length == 0 ? "run" : builder.ToString();
    }
}
