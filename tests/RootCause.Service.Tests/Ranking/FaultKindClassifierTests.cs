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
}
