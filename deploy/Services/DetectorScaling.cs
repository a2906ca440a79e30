using Amazon.CDK;
using Amazon.CDK.AWS.ApplicationAutoScaling;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.ECS;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// Scales the detectors on their queue: one task per segment waiting or being analysed
/// (<c>ApproximateNumberOfMessagesVisible</c> + <c>NotVisible</c>), between the configured minimum and maximum. A
/// segment is the unit detectors compete for, each takes one at a time, so more tasks than segments would idle; counting
/// the in-flight ones keeps a busy detector from being scaled in while its segment is analysed.
/// </summary>
public sealed class DetectorScaling : Construct
{
    public DetectorScaling(Construct scope, string id, FargateService detector, IQueue segments, int minCount, int maxCount) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(segments);
        var period = Duration.Minutes(1);
        Backlog = new MathExpression(new MathExpressionProps
        {
            Expression = "waiting + inFlight",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["waiting"] = segments.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = period, Statistic = Stats.MAXIMUM }),
                ["inFlight"] = segments.MetricApproximateNumberOfMessagesNotVisible(new MetricOptions { Period = period, Statistic = Stats.MAXIMUM }),
            },
            Label = "Segments waiting or being analysed",
            Period = period,
        });
        var capacity = detector.AutoScaleTaskCount(new EnableScalingProps { MinCapacity = minCount, MaxCapacity = maxCount });
        if (maxCount > minCount)
        {
            capacity.ScaleOnMetric("QueueBacklog", new BasicStepScalingPolicyProps
            {
                Metric = Backlog,
                AdjustmentType = AdjustmentType.EXACT_CAPACITY,
                ScalingSteps = Steps(minCount, maxCount),
                Cooldown = Duration.Minutes(1),
                MetricAggregationType = MetricAggregationType.MAXIMUM,
            });
        }
    }

    /// <summary>Segments waiting for a detector or being analysed by one.</summary>
    public MathExpression Backlog { get; }

    /// <summary>Backlog 0 → the minimum; n → n tasks; the maximum and more → the maximum (the target clamps to the range).</summary>
    private static IScalingInterval[] Steps(int minCount, int maxCount)
    {
        var steps = new List<IScalingInterval> { new ScalingInterval { Upper = 0, Change = minCount } };
        for (var backlog = 1; backlog < maxCount; backlog++)
        {
            steps.Add(new ScalingInterval { Lower = backlog, Upper = backlog + 1, Change = Math.Max(backlog, minCount) });
        }

        steps.Add(new ScalingInterval { Lower = maxCount, Change = maxCount });
        return [.. steps];
    }
}
