using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SQS;
using Constructs;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// An alarm per dead-letter queue as soon as one message waits there: a dead-lettered message of a run fails that run,
/// and an operator should look at (and maybe redrive) it. Optionally notifies an SNS topic.
/// </summary>
public sealed class DeadLetterAlarms : Construct
{
    public DeadLetterAlarms(Construct scope, string id, IEnumerable<IQueue> deadLetterQueues, string? topicArn) : base(scope, id)
    {
        var topic = topicArn is null ? null : Topic.FromTopicArn(this, "Topic", topicArn);
        foreach (var queue in deadLetterQueues)
        {
            var alarm = new Alarm(this, queue.Node.Id, new AlarmProps
            {
                AlarmDescription = "A message was dead-lettered after Messaging:MaxReceiveCount receives; inspect it, then redrive or delete it.",
                Metric = queue.MetricApproximateNumberOfMessagesVisible(new MetricOptions
                {
                    Period = Duration.Minutes(1),
                    Statistic = Stats.MAXIMUM,
                }),
                Threshold = 0,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_THRESHOLD,
                EvaluationPeriods = 1,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
            });
            if (topic is not null)
            {
                alarm.AddAlarmAction(new SnsAction(topic));
            }
        }
    }
}
