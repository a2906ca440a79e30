using System.Security.Cryptography;
using System.Text;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Deterministic queue names, so that separate processes (publisher and consumers) agree without talking:
/// <c>{prefix}{message-type}</c> or <c>{prefix}{message-type}-{consumer-group}</c>, and <c>{queue}-dlq</c>.
/// </summary>
internal static class SqsQueueNames
{
    /// <summary>SQS allows 80 characters; the 4 of the dead-letter suffix must still fit.</summary>
    private const int MaxQueueName = 80 - 4;

    private const string DeadLetterSuffix = "-dlq";

    public static string ForType(string prefix, Type messageType) => Fit(prefix + Kebab(messageType.Name));

    public static string ForGroup(string prefix, Type messageType, string consumerGroup) =>
        Fit($"{prefix}{Kebab(messageType.Name)}-{consumerGroup}");

    public static string DeadLetter(string queueName) => queueName + DeadLetterSuffix;

    /// <summary>Whether <paramref name="queueName"/> is a dead-letter queue of this naming scheme.</summary>
    public static bool IsDeadLetter(string queueName) => queueName.EndsWith(DeadLetterSuffix, StringComparison.Ordinal);

    /// <summary><c>TelemetrySegmentHandler</c> → <c>telemetry-segment-handler</c>; characters SQS refuses are dropped.</summary>
    public static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && builder.Length > 0 && builder[^1] != '-' && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('-');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    /// <summary>Shortens an over-long name to a prefix plus a stable hash of the whole, identical in every process.</summary>
    private static string Fit(string name)
    {
        if (name.Length <= MaxQueueName)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 4));
        return $"{name[..(MaxQueueName - hash.Length - 1)]}-{hash}";
    }
}
