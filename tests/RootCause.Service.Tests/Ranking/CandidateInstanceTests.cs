using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

/// <summary>A candidate's instance: the only one its service ran, else the one holding most of its anomalies (for lost tracing, logging in most of the orphans' requests), or none where no instance does.</summary>
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
    public void Stray_points_at_another_instance_do_not_outvote_the_sustained_anomalies_of_the_faulty_one()
    {
        // cart-1's CPU for three minutes; before it, a burst of four ERROR lines at cart-2, each an isolated anomaly.
        var sustained = Enumerable.Range(0, 3).Select(i => At(i, "cart", 300 + (60 * i), name: "cpu_percent", instance: "cart-1"));
        var strays = Enumerable.Range(3, 4).Select(i => At(i, "cart", 100 + i, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log, instance: "cart-2")).ToList();
        var anomalies = sustained.Concat(strays).ToList();
        var isolated = strays.Select(a => a.RecordId).ToHashSet();

        Assert.Equal(
            new CandidateInstance.Named("cart-1", "all 3 of its sustained anomalies at one of its 2 instances; 4 stray points left out"),
            CandidateInstance.Of(anomalies, "cart", FaultTypes.CpuHog, ["cart-1", "cart-2"], isolated));
        // Counted with them, cart-2 holds four of seven.
        Assert.Equal("cart-2", CandidateInstance.Of(anomalies, "cart", FaultTypes.CpuHog, ["cart-1", "cart-2"]).Instance);
        // A service with stray points only is judged on them.
        Assert.Equal("cart-2", CandidateInstance.Of(strays, "cart", FaultTypes.CpuHog, ["cart-1", "cart-2"], isolated).Instance);
    }

    [Fact]
    public void Lost_tracing_names_no_instance_by_where_its_flagged_spans_ran()
    {
        var anomalies = Many("cart", ("cart-3", 8)).ToList();

        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "cart", FaultTypes.TracingLoss));
        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "cart", FaultTypes.TracingLoss, ["cart-1", "cart-2", "cart-3"]));
        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "payment", FaultTypes.CpuHog));
    }

    /// <summary>Orphan spans at the cache whose requests' log lines came from the given instances of its callers.</summary>
    private static List<Detection> OrphansLoggedAt(params string[][] loggedPerOrphan) =>
        [.. loggedPerOrphan.Select((logged, i) => At(i, "cache", i, AnomalyTypes.MissingSpan, name: "GET", kind: TelemetryKind.Span, instance: "cache-1")
            with { LostParentInstances = logged.Length == 0 ? null : logged })];

    [Fact]
    public void Lost_tracing_names_the_instance_that_logged_in_most_of_the_orphans_requests()
    {
        // cart-2's spans were lost, its log lines not: four of the five orphans' requests that passed through cart did so
        // at cart-2; auth's instances logged in them too, and one request logged nowhere.
        var anomalies = OrphansLoggedAt(["auth-1", "cart-2"], ["cart-2"], ["cart-1"], ["auth-2", "cart-2"], ["cart-2"], []);

        Assert.Equal(
            new CandidateInstance.Named("cart-2", "one of its 3 instances logged in 4 of the 5 orphans' requests it took part in"),
            CandidateInstance.Of(anomalies, "cart", FaultTypes.TracingLoss, ["cart-1", "cart-2", "cart-3"]));
        // auth's instances split the two requests they logged in: no majority.
        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "auth", FaultTypes.TracingLoss, ["auth-1", "auth-2"]));
        // Without the service's instances there is nothing to tell its from another's.
        Assert.Equal(CandidateInstance.Named.None, CandidateInstance.Of(anomalies, "cart", FaultTypes.TracingLoss));
    }

    [Fact]
    public void A_service_that_ran_one_instance_has_it_named_whatever_its_anomalies()
    {
        var pod = "ts-route-service-b6c59fb57-dz9bw";

        Assert.Equal(new CandidateInstance.Named(pod, null), CandidateInstance.Of([], "ts-route-service", FaultTypes.LatencyInjection, [pod]));
        Assert.Equal(new CandidateInstance.Named(pod, null), CandidateInstance.Of(Many("ts-route-service", (pod, 3)).ToList(), "ts-route-service", FaultTypes.TracingLoss, [pod]));
    }

    [Fact]
    public void A_pod_replaced_before_or_after_the_incident_is_not_a_second_instance_running_then()
    {
        var noon = new DateTime(2023, 1, 29, 12, 0, 0, DateTimeKind.Utc);
        IReadOnlyList<InstanceSeen> run =
        [
            new("route-old", noon.AddHours(-4), noon),
            new("route-new", noon.AddSeconds(30), noon.AddHours(4)),
        ];

        // An hour after the replacement only the new pod runs: named whatever the anomalies, as a service's one instance.
        var later = CandidateInstance.RunningDuring(run, noon.AddHours(1), noon.AddHours(1).AddMinutes(3));
        Assert.Equal(["route-new"], later);
        Assert.Equal(new CandidateInstance.Named("route-new", null), CandidateInstance.Of([], "route", FaultTypes.LatencyInjection, later));
        Assert.Equal(["route-old"], CandidateInstance.RunningDuring(run, noon.AddHours(-1), noon.AddHours(-1).AddMinutes(3)));
        // Over the replacement both ran: the majority decides, and the evidence counts two.
        var across = CandidateInstance.RunningDuring(run, noon.AddMinutes(-2), noon.AddMinutes(2));
        Assert.Equal(["route-old", "route-new"], across);
        Assert.Equal(
            new CandidateInstance.Named("route-new", "3 of its 4 anomalies at one of its 2 instances"),
            CandidateInstance.Of(Many("route", ("route-new", 3), ("route-old", 1)).ToList(), "route", FaultTypes.CpuHog, across));
        // A service whose records stopped before the incident keeps the instances it ran; none known, none assumed.
        Assert.Equal(["route-old", "route-new"], CandidateInstance.RunningDuring(run, noon.AddHours(5), noon.AddHours(6)));
        Assert.Null(CandidateInstance.RunningDuring(null, noon, noon.AddMinutes(3)));
    }

    [Fact]
    public void An_instance_quiet_in_the_inputs_last_minute_still_runs_to_its_end()
    {
        // The input ends at 00:18:43; search-2's last record is its 00:18:00 scrape, and an incident begins at 00:18:30.
        var start = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        var input = (start, start.AddSeconds((18 * 60) + 43));
        IReadOnlyList<InstanceSeen> run = [new("search-1", start, input.Item2), new("search-2", start, start.AddMinutes(18))];

        var running = CandidateInstance.RunningDuring(run, start.AddSeconds((18 * 60) + 30), input.Item2, input);

        Assert.Equal(["search-1", "search-2"], running);
        // Stopped more than five minutes before the input ends, it had stopped.
        IReadOnlyList<InstanceSeen> longer = [new("search-1", start, start.AddMinutes(31)), new("search-2", start, start.AddMinutes(18))];
        Assert.Equal(["search-1"], CandidateInstance.RunningDuring(longer, start.AddMinutes(30), start.AddMinutes(31), (start, start.AddMinutes(31))));
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
