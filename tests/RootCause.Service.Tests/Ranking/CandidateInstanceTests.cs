using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

/// <summary>A candidate's instance: the only one its service ran, else the one holding most of its anomalies, or none where no instance holds most or spans were lost.</summary>
public sealed class CandidateInstanceTests
{
    [Fact]
    public void The_instance_holding_more_than_half_of_the_services_anomalies_is_named()
    {
        // cart: five at cart-1, two at cart-2; the checkout anomalies at checkout-1 are another service's.
        var anomalies = Many("cart", ("cart-1", 5), ("cart-2", 2)).Concat(Many("checkout", ("checkout-1", 9))).ToList();

        Assert.Equal(new CandidateInstance.Named("cart-1", "5 of its 7 anomalies at one instance"), CandidateInstance.Of(anomalies, "cart", FaultTypes.CpuHog));
        // Where the run says how many instances cart ran, the evidence says so too; it never names one.
        Assert.Equal(new CandidateInstance.Named("cart-1", "5 of its 7 anomalies at one of its 3 instances"),
            CandidateInstance.Of(anomalies, "cart", FaultTypes.CpuHog, ["cart-1", "cart-2", "cart-3"]));
        Assert.Equal(new CandidateInstance.Named("checkout-1", null), CandidateInstance.Of(anomalies, "checkout", FaultTypes.CpuHog));
    }

    [Theory]
    [InlineData(3, 3, 0)]
    [InlineData(4, 3, 2)]
    public void No_instance_is_named_where_none_holds_more_than_half(int first, int second, int third)
    {
        var anomalies = Many("cart", ("cart-1", first), ("cart-2", second), ("cart-3", third)).ToList();

        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "cart", FaultTypes.CpuHog));
    }

    [Fact]
    public void Lost_tracing_names_no_instance_as_its_flagged_spans_ran_elsewhere()
    {
        var anomalies = Many("cart", ("cart-3", 8)).ToList();

        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "cart", FaultTypes.TracingLoss));
        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "payment", FaultTypes.CpuHog));
    }

    [Fact]
    public void A_service_that_ran_one_instance_has_it_named_whatever_its_anomalies()
    {
        var pod = "ts-route-service-b6c59fb57-dz9bw";

        Assert.Equal(new CandidateInstance.Named(pod, null), CandidateInstance.Of([], "ts-route-service", FaultTypes.LatencyInjection, [pod]));
        Assert.Equal(new CandidateInstance.Named(pod, null), CandidateInstance.Of(Many("ts-route-service", (pod, 3)).ToList(), "ts-route-service", FaultTypes.TracingLoss, [pod]));
    }

    private static IEnumerable<Detection> Many(string service, params (string Instance, int Count)[] instances)
    {
        var id = 0;
        foreach (var (instance, count) in instances)
        {
            for (var i = 0; i < count; i++)
            {
                yield return At(id++, service, 10 + i, instance: instance);
            }
        }
    }
}
