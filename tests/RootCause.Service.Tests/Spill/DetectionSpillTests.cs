using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Spill;

namespace AnomalyPlatform.RootCause.Tests.Spill;

public sealed class DetectionSpillTests
{
    private static Detection Detection(long id, string service, string? reason, double confidence) => new(
        id, new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(id), TelemetryKind.Span, service, service + "-1", "GET /x",
        IsAnomaly: true, confidence, AnomalyTypes.LatencySpike,
        [new ModelScore(ModelNames.Statistical, confidence, true), new ModelScore(ModelNames.IsolationForest, 0.1 / 3, false)],
        reason is null ? [] : [reason, "ensemble: 2 of 4"]);

    [Fact]
    public void Detections_read_back_equal_to_those_added_in_the_order_added()
    {
        using var spill = new DetectionSpill();
        Detection[] added =
        [
            Detection(9, "cart", "statistical: z=7.1 — über", 0.987654321),
            Detection(2, "payment", null, double.Epsilon),
            Detection(5, "cart", "", 1.0) with { Timestamp = new DateTime(1, DateTimeKind.Local), Kind = TelemetryKind.Metric, IsAnomaly = false },
            Detection(7, "cache", "trace_structure: parent span missing", 0.67) with { DetectedType = AnomalyTypes.MissingSpan, LostParentCallers = ["auth", "cart"], LostParentInstances = ["cart-2"] },
            Detection(8, "cache", null, 0.67) with { LostParentCallers = [] },
        ];
        foreach (var detection in added)
        {
            spill.Add(detection);
        }

        var first = spill.ReadAll();
        var second = spill.ReadAll();

        Assert.Equal(5, spill.Count);
        foreach (var read in new[] { first, second })
        {
            Assert.Equal(added.Length, read.Count);
            for (var i = 0; i < added.Length; i++)
            {
                Assert.Equal(
                    added[i] with { Scores = [], Reasons = [], LostParentCallers = null, LostParentInstances = null },
                    read[i] with { Scores = [], Reasons = [], LostParentCallers = null, LostParentInstances = null });
                Assert.Equal(added[i].LostParentCallers, read[i].LostParentCallers);
                Assert.Equal(added[i].LostParentInstances, read[i].LostParentInstances);
                Assert.Equal(added[i].Timestamp.Kind, read[i].Timestamp.Kind);
                Assert.Equal(added[i].Scores, read[i].Scores);
                Assert.Equal(added[i].Reasons, read[i].Reasons);
            }
        }
    }

    [Fact]
    public void A_name_repeated_on_many_detections_is_read_back_as_one_string()
    {
        using var spill = new DetectionSpill();
        spill.Add(Detection(1, new string("cart".AsSpan()), "a", 0.9));
        spill.Add(Detection(2, new string("cart".AsSpan()), "b", 0.9));

        var read = spill.ReadAll();

        Assert.Same(read[0].Service, read[1].Service);
        Assert.Same(read[0].Scores[0].Model, read[1].Scores[0].Model);
    }

    [Fact]
    public void An_empty_spill_reads_back_nothing()
    {
        using var spill = new DetectionSpill();

        Assert.Empty(spill.ReadAll());
    }
}
