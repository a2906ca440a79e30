using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Messaging;

namespace AnomalyPlatform.RootCause.Tests.Messaging;

public sealed class SegmentMergeTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    private static DetectionCompleted Segment(int index, IReadOnlyList<ServiceEdge> edges, IReadOnlyList<ChangeEvent> changes) =>
        new(0, 0, [], edges, changes) { RunId = "r", Segment = index, SegmentCount = 2 };

    [Fact]
    public void Edges_seen_in_several_segments_are_one_edge_with_their_calls_summed_in_caller_then_callee_order()
    {
        var first = Segment(0, [new("frontend", "cart", 5), new("cart", "cache", 2)], []);
        var second = Segment(1, [new("cart", "cache", 3), new("api-gateway", "cart", 1), new("cart", "auth", 4)], []);

        var merged = SegmentMerge.Edges([second, first]);

        Assert.Equal(
            [new ServiceEdge("api-gateway", "cart", 1), new("cart", "auth", 4), new("cart", "cache", 5), new("frontend", "cart", 5)],
            merged);
    }

    [Fact]
    public void Change_events_of_all_segments_come_in_record_order()
    {
        var deploy = new ChangeEvent(10, T0, "auth", "auth-1", "deploy");
        var restart = new ChangeEvent(700, T0.AddMinutes(9), "cart", "cart-2", "restart");
        var scale = new ChangeEvent(1_200, T0.AddMinutes(15), "cart", "cart-1", "scale");

        var merged = SegmentMerge.ChangeEvents([Segment(1, [], [scale]), Segment(0, [], [deploy, restart])]);

        Assert.Equal([deploy, restart, scale], merged);
    }
}
