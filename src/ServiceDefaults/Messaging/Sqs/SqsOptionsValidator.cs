using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>Checks what data annotations cannot: names SQS and S3 accept, and that every local handler gets messages.</summary>
internal sealed partial class SqsOptionsValidator(IEnumerable<HandlerRegistration> registrations, MessageTypeInfos typeInfos)
    : IValidateOptions<SqsOptions>
{
    public ValidateOptionsResult Validate(string? name, SqsOptions options)
    {
        var errors = new List<string>();
        if (!BucketName().IsMatch(options.EffectiveBucket))
        {
            errors.Add($"Messaging:Sqs:ClaimCheckBucket '{options.EffectiveBucket}' is not a valid S3 bucket name " +
                       "(3 to 63 lower-case letters, digits, '-' or '.', starting and ending with a letter or digit).");
        }

        foreach (var (messageType, groups) in options.Subscriptions)
        {
            if (groups.Count == 0 || groups.Any(group => !GroupName().IsMatch(group)))
            {
                errors.Add($"Messaging:Sqs:Subscriptions:{messageType} must list one or more consumer groups of letters, digits, '-' or '_'.");
            }
        }

        foreach (var (handler, group) in options.ConsumerGroups)
        {
            if (!GroupName().IsMatch(group))
            {
                errors.Add($"Messaging:Sqs:ConsumerGroups:{handler} must be letters, digits, '-' or '_' (got '{group}').");
            }
        }

        foreach (var (group, concurrency) in options.ConsumerConcurrency)
        {
            if (concurrency is < 1 or > 100)
            {
                errors.Add($"Messaging:Sqs:ConsumerConcurrency:{group} must be between 1 and 100.");
            }
        }

        errors.AddRange(registrations.Select(r => r.MessageType).Distinct().Where(type => !typeInfos.Has(type)).Select(type =>
            $"{type.Name} has no JSON metadata for the SQS wire format: add [JsonSerializable(typeof({type.Name}))] to ContractsJsonContext."));
        errors.AddRange(CheckSubscriptions(new SqsTopology(Options.Create(options))));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private IEnumerable<string> CheckSubscriptions(SqsTopology topology)
    {
        foreach (var byType in registrations.GroupBy(r => r.MessageType))
        {
            var groups = topology.SubscribedGroups(byType.Key);
            if (groups is null)
            {
                if (byType.Count() > 1)
                {
                    // On one shared queue these handlers would compete and each would see only part of the messages.
                    yield return $"{byType.Count()} handlers consume {byType.Key.Name} in this process; list their consumer groups " +
                                 $"({string.Join(", ", byType.Select(topology.ConsumerGroup))}) in Messaging:Sqs:Subscriptions:{byType.Key.Name} " +
                                 "so that each gets its own queue.";
                }

                continue;
            }

            foreach (var registration in byType)
            {
                var group = topology.ConsumerGroup(registration);
                if (!groups.Contains(group, StringComparer.OrdinalIgnoreCase))
                {
                    yield return $"Messaging:Sqs:Subscriptions:{byType.Key.Name} does not list consumer group '{group}' of " +
                                 $"{registration.HandlerType.Name}, so it would never receive a message; add it there or set " +
                                 $"Messaging:Sqs:ConsumerGroups:{registration.HandlerType.Name}.";
                }
            }
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,40}$")]
    private static partial Regex GroupName();
}
