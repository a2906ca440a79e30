using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Behaviour;
using Xunit;

namespace AnomalyPlatform.Detector.Tests.Behaviour;

public sealed class LogTemplateTests
{
    [Fact]
    public void Lines_that_differ_only_in_parameters_share_a_template()
    {
        var a = LogTemplate.Of("17:13:14.419 INFO OrderServiceImpl#324 TraceID: 01c43e [modifyOrder][Modify order Success][OrderId: a7062e27-bf0c]");
        var b = LogTemplate.Of("09:02:55.001 INFO OrderServiceImpl#324 TraceID: 9ff3aa [modifyOrder][Modify order Success][OrderId: 11ee27-bf9c]");

        Assert.Equal(a, b);
        Assert.DoesNotContain("01c43e", a, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_messages_get_different_templates()
    {
        Assert.NotEqual(LogTemplate.Of("user 42 logged in"), LogTemplate.Of("user 42 login failed"));
    }

    [Fact]
    public void Summary_counts_a_segments_own_log_lines_per_service_template_and_minute()
    {
        var t = new DateTime(2024, 1, 1, 0, 0, 10, DateTimeKind.Utc);
        var records = new List<TelemetryRecord>
        {
            new(0, t, TelemetryKind.Span, "a", "a-1", "get", 9),
            new(1, t, TelemetryKind.Span, "a", "a-1", "get", 9),
            new(2, t.AddSeconds(5), TelemetryKind.Log, "b", "b-1", "", 0, Message: "user 7 in"),
            new(3, t.AddSeconds(6), TelemetryKind.Log, "b", "b-1", "", 0, Message: "user 8 in"),
            new(4, t.AddSeconds(70), TelemetryKind.Log, "b", "b-1", "", 0, Message: "user 9 in"),
        };

        var counts = BehaviourSummariser.Summarise(records, 1, 4);

        Assert.Equal(2, counts.Count);
        Assert.Equal(new BehaviourCount("b", "user <*> in", t.AddSeconds(-10), 2), counts[0]);
        Assert.Equal(new BehaviourCount("b", "user <*> in", t.AddSeconds(50), 1), counts[1]);
    }
}
