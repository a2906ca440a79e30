using Amazon.CDK.Assertions;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>The detectors scale on their queue, from one to the configured maximum.</summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class DetectorScalingTests(SynthesizedPlatform platform)
{
    [Fact]
    public void The_detector_service_scales_from_one_to_four_tasks()
    {
        var (_, target) = Assert.Single(platform.Resources("AWS::ApplicationAutoScaling::ScalableTarget"));

        Assert.Equal(1, (int)target["Properties"]!["MinCapacity"]!);
        Assert.Equal(4, (int)target["Properties"]!["MaxCapacity"]!);
        Assert.Contains(platform.EcsServiceId(ServiceId.Detector), target["Properties"]!["ResourceId"]!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Step_policies_set_one_task_per_segment_up_to_the_maximum()
    {
        platform.Template.ResourceCountIs("AWS::ApplicationAutoScaling::ScalingPolicy", 2);
        platform.Template.HasResourceProperties("AWS::ApplicationAutoScaling::ScalingPolicy", new Dictionary<string, object>
        {
            ["PolicyType"] = "StepScaling",
            ["StepScalingPolicyConfiguration"] = Match.ObjectLike(new Dictionary<string, object>
            {
                ["AdjustmentType"] = "ExactCapacity",
                ["StepAdjustments"] = Match.ArrayWith([Match.ObjectLike(new Dictionary<string, object>
                {
                    ["MetricIntervalLowerBound"] = 3,
                    ["ScalingAdjustment"] = 4,
                })]),
            }),
        });
    }

    [Fact]
    public void The_scaling_alarms_read_the_visible_and_in_flight_messages_of_the_detector_queue()
    {
        var queueId = platform.QueueId("anomaly-telemetry-segment");
        var policies = platform.Resources("AWS::ApplicationAutoScaling::ScalingPolicy").Select(policy => policy.Id).ToHashSet();

        var alarms = platform.Resources("AWS::CloudWatch::Alarm")
            .Select(alarm => alarm.Resource["Properties"]!)
            .Where(alarm => TemplateJson.AsList(alarm["AlarmActions"]).Any(action => policies.Contains((string)action["Ref"]!)))
            .ToArray();

        Assert.Equal(2, alarms.Length);
        foreach (var alarm in alarms)
        {
            var metrics = alarm["Metrics"]!.AsArray().Where(metric => metric!["MetricStat"] is not null).Select(metric => metric!["MetricStat"]!["Metric"]!).ToArray();
            Assert.Equal(["ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesVisible"],
                metrics.Select(metric => (string)metric["MetricName"]!).Order(StringComparer.Ordinal));
            Assert.All(metrics, metric =>
            {
                Assert.Equal("AWS/SQS", (string?)metric["Namespace"]);
                Assert.Equal(queueId, (string?)metric["Dimensions"]![0]!["Value"]!["Fn::GetAtt"]![0]);
            });
        }
    }
}
