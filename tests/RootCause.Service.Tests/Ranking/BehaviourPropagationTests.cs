using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Ranking;
using Xunit;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class BehaviourPropagationTests
{
    // food's requests reach travel's /route only; travel's /trips (not food's) is what reaches basic.
    private static readonly OperationGraph Graph = new(
    [
        new OperationEdge("food", "/foods", "travel", "/route", 10),
        new OperationEdge("travel", "/route", "route", "/routes", 10),
        new OperationEdge("travel", "/trips", "basic", "/travels", 10),
        new OperationEdge("basic", "/travels", "price", "/prices", 10),
    ]);

    [Fact]
    public void A_callers_change_is_explained_by_the_change_below_it()
    {
        var own = BehaviourPropagation.OwnShare(new() { ["travel"] = 0.6, ["basic"] = 0.3, ["price"] = 0.8 }, Graph);

        Assert.Equal(0.8, own["price"].Score, 6);
        Assert.Equal(0.3 * (1 - 0.8), own["basic"].Score, 6);
        // travel reaches price through basic: price's own change explains it, not basic's leftover.
        Assert.Equal(0.6 * (1 - 0.8), own["travel"].Score, 6);
    }

    [Fact]
    public void A_change_the_callers_requests_do_not_reach_explains_nothing()
    {
        var own = BehaviourPropagation.OwnShare(new() { ["food"] = 0.7, ["basic"] = 0.9 }, Graph);

        Assert.Equal(0.7, own["food"].Score, 6);
        Assert.Equal(["route", "travel"], Graph.ServicesBelow("food").Order(StringComparer.Ordinal));
        Assert.Equal(["basic", "price", "route"], Graph.ServicesBelow("travel").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_change_passed_on_from_elsewhere_does_not_explain_a_caller_it_does_not_reach()
    {
        // travel changed because basic did; food reaches travel but not basic, so food's change stays its own.
        var own = BehaviourPropagation.OwnShare(new() { ["food"] = 0.7, ["travel"] = 0.6, ["basic"] = 0.9 }, Graph);

        Assert.Equal(0.6 * (1 - 0.9), own["travel"].Score, 6);
        Assert.Equal(0.7 * (1 - 0.6 * (1 - 0.9)), own["food"].Score, 6);
        Assert.True(own["food"].Score > own["travel"].Score);
    }

    [Fact]
    public void A_change_in_requests_that_reached_none_of_the_changed_services_is_the_callers_own()
    {
        var behaviour = new Dictionary<string, double> { ["travel"] = 0.6, ["basic"] = 0.3, ["price"] = 0.8 };

        // travel's changed requests called no other service, or only route: nothing that changed below can explain them.
        var calledNone = BehaviourPropagation.OwnShare(behaviour, Graph, new Dictionary<string, IReadOnlyList<string>> { ["travel"] = [] });
        var calledRoute = BehaviourPropagation.OwnShare(behaviour, Graph, new Dictionary<string, IReadOnlyList<string>> { ["travel"] = ["route"] });
        // Those that called basic reach price through it.
        var calledBasic = BehaviourPropagation.OwnShare(behaviour, Graph, new Dictionary<string, IReadOnlyList<string>> { ["travel"] = ["basic"] });

        Assert.Equal(new BehaviourPropagation.OwnChange(0.6, null), calledNone["travel"]);
        Assert.Equal(new BehaviourPropagation.OwnChange(0.6, null), calledRoute["travel"]);
        Assert.Equal(0.6 * (1 - 0.8), calledBasic["travel"].Score, 6);
        Assert.Equal("price", calledBasic["travel"].Below);
        // Only travel's change named its callees; basic's is still explained by anything below it.
        Assert.Equal(0.3 * (1 - 0.8), calledNone["basic"].Score, 6);
    }
}
