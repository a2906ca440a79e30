using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class FaultKindClassifierTests
{
    [Fact]
    public void A_candidate_that_flagged_nothing_and_whose_callers_do_not_fail_gets_no_invented_fault_kind()
    {
        var guess = FaultKindClassifier.Classify(new ServiceProfile("notification"), change: null, callersLogErrors: false);

        Assert.Equal(FaultKindClassifier.Unnamed, guess.FaultKind);
        Assert.DoesNotContain("dominant", guess.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_candidate_that_flagged_nothing_below_failing_callers_is_a_dependency_outage()
    {
        var guess = FaultKindClassifier.Classify(new ServiceProfile("payment"), change: null, callersLogErrors: true);

        Assert.Equal(FaultTypes.DependencyOutage, guess.FaultKind);
    }

    [Fact]
    public void A_candidate_that_flagged_nothing_takes_the_kind_its_behaviour_change_names_unless_its_callers_fail()
    {
        var named = FaultKindClassifier.Classify(new ServiceProfile("cart"), change: null, callersLogErrors: false, FaultTypes.LatencyInjection);
        var belowFailing = FaultKindClassifier.Classify(new ServiceProfile("cart"), change: null, callersLogErrors: true, FaultTypes.LatencyInjection);

        Assert.Equal(FaultTypes.LatencyInjection, named.FaultKind);
        Assert.Equal("its calls take longer on the way in or out", named.Reason);
        Assert.Equal(FaultTypes.DependencyOutage, belowFailing.FaultKind);
    }
}
