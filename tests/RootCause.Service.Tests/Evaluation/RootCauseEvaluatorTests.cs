using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Evaluation;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class RootCauseEvaluatorTests
{
    private static GroundTruthIncident Truth(string id, string rootCause) =>
        new(id, rootCause, rootCause + "-0", AnomalyTypes.ErrorLogBurst, T0, T0.AddMinutes(5), [rootCause]);

    private static IncidentReport Detected(string id, long[] records, params string[] rankedServices) =>
        new(id, T0, T0.AddMinutes(5), rankedServices, records,
            rankedServices.Select((s, i) => new RootCauseCandidate(i + 1, s, AnomalyTypes.ErrorLogBurst, 0.5, [])).ToArray(),
            "text", "mock", null);

    [Fact]
    public void Accuracy_at_1_and_3_is_computed_over_all_true_incidents()
    {
        // INC-1 (payment): records 1-3 in DET-0001 (payment first)           -> hit@1, hit@3
        // INC-2 (cart):    records 10-11 in DET-0002, 12 in DET-0003;
        //                  DET-0002 holds most, cart is third there          -> miss@1, hit@3
        // INC-3 (search):  records 20-21 split 1/1 over DET-0005 and DET-0004;
        //                  the tie goes to DET-0004, which ranks db first    -> miss@1, miss@3
        // INC-4 (queue):   no record detected                                -> unmatched, a miss
        var truth = new[] { Truth("INC-1", "payment"), Truth("INC-2", "cart"), Truth("INC-3", "search"), Truth("INC-4", "queue") };
        var labels = new Dictionary<long, string>
        {
            [1] = "INC-1", [2] = "INC-1", [3] = "INC-1",
            [10] = "INC-2", [11] = "INC-2", [12] = "INC-2",
            [20] = "INC-3", [21] = "INC-3",
            [30] = "INC-4",
        };
        var detected = new[]
        {
            Detected("DET-0001", [1, 2, 3, 99], "payment", "checkout"),
            Detected("DET-0002", [10, 11], "api-gateway", "checkout", "cart"),
            Detected("DET-0003", [12], "cart"),
            Detected("DET-0005", [20], "search"),
            Detected("DET-0004", [21], "database", "cache", "queue", "search"),
        };

        var result = RootCauseEvaluator.Evaluate(truth, id => labels.GetValueOrDefault(id), detected);

        Assert.Equal((4, 3, (double?)0.25, (double?)0.5), (result.Incidents, result.Detected, result.AcAt1, result.AcAt3));
        Assert.Equal(
            [("INC-1", "DET-0001", (int?)1), ("INC-2", "DET-0002", 3), ("INC-3", "DET-0004", 4), ("INC-4", null, null)],
            result.PerIncident.Select(rank => (rank.IncidentId, rank.DetectedIncidentId, rank.Rank)));
    }

    [Fact]
    public void Accuracy_at_1_at_the_instance_counts_a_first_candidate_only_where_it_names_the_true_instance()
    {
        // Both true services rank first; payment's candidate names payment-0 (the true instance), cart's cart-2 where
        // the fault was at cart-0; search's true service ranks second, at its true instance.
        var truth = new[] { Truth("INC-1", "payment"), Truth("INC-2", "cart"), Truth("INC-3", "search") };
        var labels = new Dictionary<long, string> { [1] = "INC-1", [2] = "INC-2", [3] = "INC-3" };
        IncidentReport At(string id, long record, params (string Service, string? Instance)[] candidates) =>
            Detected(id, [record]) with
            {
                Candidates = [.. candidates.Select((c, i) => new RootCauseCandidate(i + 1, c.Service, AnomalyTypes.ErrorLogBurst, 0.5, [], c.Instance))],
            };

        var result = RootCauseEvaluator.Evaluate(truth, id => labels.GetValueOrDefault(id),
            [At("DET-0001", 1, ("payment", "payment-0")), At("DET-0002", 2, ("cart", "cart-2")), At("DET-0003", 3, ("db", null), ("search", "search-0"))]);

        Assert.Equal(1.0 / 3, result.AcAt1Instance);
        Assert.Equal(2.0 / 3, result.AcAt1);
        Assert.Equal(
            [("payment-0", "payment-0", true), ("cart-0", "cart-2", false), ("search-0", "search-0", false)],
            result.PerIncident.Select(rank => (rank.RootCauseInstance, rank.NamedInstance, rank.FirstAtInstance)));
        Assert.Equal(0.333333, EvaluationReportBuilder.RootCause(result).AcAt1Instance);

        // Known incidents that do not all name their instance leave it unscored rather than missed.
        var unnamed = RootCauseEvaluator.Evaluate([truth[0], truth[1] with { RootCauseInstance = "" }, truth[2]], id => labels.GetValueOrDefault(id),
            [At("DET-0001", 1, ("payment", "payment-0")), At("DET-0002", 2, ("cart", "cart-2")), At("DET-0003", 3, ("db", null), ("search", "search-0"))]);
        Assert.Null(unnamed.AcAt1Instance);
        Assert.Equal(2.0 / 3, unnamed.AcAt1);
    }

    [Fact]
    public void Detected_incidents_are_told_apart_as_overlapping_isolated_or_false_alarms_and_splits_counted()
    {
        // INC-1 is overlapped by DET-0001 and DET-0002 (a split); DET-0003 holds only a standalone anomaly (record 50);
        // DET-0004 holds nothing labelled.
        var truth = new[] { Truth("INC-1", "payment") };
        var incidentOf = new Dictionary<long, string> { [1] = "INC-1", [2] = "INC-1" };
        var standalone = new HashSet<long> { 50 };
        var detected = new[]
        {
            Detected("DET-0001", [1], "payment"),
            Detected("DET-0002", [2], "checkout"),
            Detected("DET-0003", [50], "cart"),
            Detected("DET-0004", [70], "cache"),
        };

        var result = RootCauseEvaluator.Evaluate(truth, id => incidentOf.GetValueOrDefault(id), detected,
            id => incidentOf.ContainsKey(id) || standalone.Contains(id));

        Assert.Equal(new IncidentRelations(Detected: 4, Overlapping: 2, Split: 1, Isolated: 1, FalseAlarms: 1), result.Relations);
    }

    [Fact]
    public void No_true_incidents_leave_nothing_to_rank_so_no_accuracy()
    {
        var result = RootCauseEvaluator.Evaluate([], _ => null, [Detected("DET-0001", [1], "payment")]);

        Assert.Equal((0, 0, (double?)null, (double?)null), (result.Incidents, result.Detected, result.AcAt1, result.AcAt3));
    }
}
