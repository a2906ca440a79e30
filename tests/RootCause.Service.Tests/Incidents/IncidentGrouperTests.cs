using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Tests.Support;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Incidents;

public sealed class IncidentGrouperTests
{
    private static readonly IncidentGrouper Grouper = new(TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));

    [Fact]
    public void Anomalies_further_apart_than_the_gap_form_separate_incidents()
    {
        var anomalies = new[] { At(1, "payment", 0), At(2, "payment", 60), At(3, "payment", 60 + 301) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Equal(2, incidents.Count);
        Assert.Equal([1L, 2L], incidents[0].Anomalies.Select(a => a.RecordId));
        Assert.Equal([3L], incidents[1].Anomalies.Select(a => a.RecordId));
    }

    [Fact]
    public void Anomalies_close_in_time_on_connected_services_form_one_incident()
    {
        var anomalies = new[] { At(1, "payment", 0), At(2, "checkout", 30), At(3, "api-gateway", 90), At(4, "frontend", 120) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph(ShopEdges));

        var incident = Assert.Single(incidents);
        Assert.Equal(["payment", "checkout", "api-gateway", "frontend"], incident.Services);
        Assert.Equal(T0, incident.Start);
        Assert.Equal(T0.AddSeconds(120), incident.End);
    }

    [Fact]
    public void Anomalies_close_in_time_on_unconnected_services_form_separate_incidents_unless_they_overlap()
    {
        // search calls an index of its own, and nothing links it to the shop's services.
        var graph = new ServiceGraph([.. ShopEdges, Edge("search", "search-index")]);
        var apart = new[] { At(1, "payment", 0), At(2, "payment", 20), At(3, "search", 30), At(4, "search", 40) };
        var overlapping = new[] { At(1, "payment", 0), At(2, "search", 10), At(3, "payment", 20) };

        var incidents = Grouper.Group(apart, graph);
        // At once, they are more likely one fault the graph cannot join than two: one incident, one page.
        var concurrent = Assert.Single(Grouper.Group(overlapping, graph));

        Assert.Equal(2, incidents.Count);
        Assert.Equal(["payment"], incidents[0].Services);
        Assert.Equal(["search"], incidents[1].Services);
        Assert.Equal(["payment", "search"], concurrent.Services.Order());
    }

    [Fact]
    public void Overlapping_incidents_merge_only_while_the_merged_one_fits_the_maximum_length()
    {
        var grouper = new IncidentGrouper(TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(4));
        var graph = new ServiceGraph([.. ShopEdges, Edge("search", "search-index")]);
        // payment from 0 to 3 minutes, search from 2 to 5: overlapping, but five minutes together.
        var anomalies = new[] { At(1, "payment", 0), At(2, "payment", 180), At(3, "search", 120), At(4, "search", 300) };

        Assert.Equal(2, grouper.Group(anomalies, graph).Count);
    }

    [Fact]
    public void A_service_no_span_links_to_another_joins_what_happens_beside_it_in_time()
    {
        // The database reports metrics only: the call graph has no place for it, so time alone relates it.
        var anomalies = new[] { At(1, "payment", 0), At(2, "database", 10), At(3, "payment", 20) };

        var incident = Assert.Single(Grouper.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Equal(["database", "payment"], incident.Services.Order());
    }

    [Fact]
    public void With_no_traces_at_all_anomalies_close_in_time_form_one_incident_and_distant_ones_another()
    {
        var anomalies = new[] { At(1, "payment", 0), At(2, "search", 10), At(3, "cart", 20), At(4, "search", 3_600) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph([]));

        Assert.Equal(2, incidents.Count);
        Assert.Equal(["cart", "payment", "search"], incidents[0].Services.Order());
        Assert.Equal(["search"], incidents[1].Services);
    }

    [Fact]
    public void An_anomaly_connecting_two_open_incidents_merges_them()
    {
        // payment and api-gateway are not adjacent; checkout calls payment and is called by api-gateway.
        var anomalies = new[] { At(1, "payment", 0), At(2, "api-gateway", 10), At(3, "checkout", 20) };

        var incidents = Grouper.Group(anomalies, new ServiceGraph(ShopEdges));

        var incident = Assert.Single(incidents);
        Assert.Equal([1L, 2L, 3L], incident.Anomalies.Select(a => a.RecordId));
    }

    [Fact]
    public void Grouping_is_independent_of_input_order_and_ids_follow_start_time()
    {
        var anomalies = new[]
        {
            At(1, "search", 1_000), At(2, "payment", 0), At(3, "checkout", 20), At(4, "search", 1_030), At(5, "payment", 5),
        };
        var graph = new ServiceGraph(ShopEdges);

        var forward = Grouper.Group(anomalies, graph);
        var backward = Grouper.Group(anomalies.Reverse().ToArray(), graph);

        Assert.Equal(["DET-0001", "DET-0002"], forward.Select(i => i.Id));
        Assert.Equal([2L, 3L, 5L], forward[0].Anomalies.Select(a => a.RecordId));
        Assert.Equal(
            forward.Select(i => (i.Id, string.Join(',', i.Anomalies.Select(a => a.RecordId)))),
            backward.Select(i => (i.Id, string.Join(',', i.Anomalies.Select(a => a.RecordId)))));
    }

    private static readonly IncidentGrouper Supported = new(new RootCauseOptions());

    // Four readings 40 s apart: a sustained episode (two minutes) under the default options.
    private static IEnumerable<Detection> Burst(long firstId, string service, double start, int count = 4, double step = 40) =>
        Enumerable.Range(0, count).Select(i => At(firstId + i, service, start + i * step));

    [Fact]
    public void Isolated_point_anomaly_between_two_incidents_does_not_glue_them_together()
    {
        // Two payment incidents 3.5 minutes apart; a lone checkout reading in between is within the gap of both.
        var anomalies = Burst(1, "payment", 0).Concat(Burst(20, "payment", 330)).Append(At(10, "checkout", 160)).ToArray();

        var incidents = Supported.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Equal(2, incidents.Count);
        Assert.Equal([1L, 2L, 3L, 4L, 10L], incidents[0].Anomalies.Select(a => a.RecordId));
        Assert.Equal([20L, 21L, 22L, 23L], incidents[1].Anomalies.Select(a => a.RecordId));
        Assert.Equal(new HashSet<long> { 10 }, incidents[0].IsolatedRecordIds);
    }

    [Fact]
    public void Same_anomalies_without_the_support_rule_are_glued_into_one_incident()
    {
        var anomalies = Burst(1, "payment", 0).Concat(Burst(20, "payment", 330)).Append(At(10, "checkout", 160)).ToArray();

        var incidents = new IncidentGrouper(TimeSpan.FromSeconds(180), TimeSpan.FromHours(1)).Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Single(incidents);
    }

    private static Detection SlowSpanAt(long id, string service, double seconds) =>
        At(id, service, seconds, AnomalyTypes.LatencySpike, kind: TelemetryKind.Span, name: "GET /");

    // An instance's latency percentiles flagged at each of the given scrapes (seconds after T0).
    private static Detection[] PercentilesAt(params double[] scrapes) =>
    [
        .. scrapes.SelectMany((at, scrape) => new[] { "latency_p90_ms", "latency_p95_ms", "latency_p99_ms" }
            .Select((name, i) => At(scrape * 3 + i + 1, "payment", at, name: name))),
    ];

    [Fact]
    public void Percentiles_flagged_at_two_scrapes_are_two_readings_not_a_sustained_episode()
    {
        var incidents = Supported.Group(PercentilesAt(0, 60), new ServiceGraph(ShopEdges));

        Assert.True(Assert.Single(incidents).IsIsolated);
    }

    [Fact]
    public void Percentiles_flagged_at_three_scrapes_over_two_minutes_are_a_sustained_episode()
    {
        var incidents = Supported.Group(PercentilesAt(0, 60, 120), new ServiceGraph(ShopEdges));

        Assert.False(Assert.Single(incidents).IsIsolated);
    }

    [Fact]
    public void Metrics_scraped_every_15_s_need_as_long_an_episode_as_metrics_read_once_a_minute()
    {
        // Five scrapes over one minute (two minutes of the clock): as long as two per-minute readings, so not sustained.
        var incidents = Supported.Group(PercentilesAt(0, 15, 30, 45, 60), new ServiceGraph(ShopEdges));

        Assert.True(Assert.Single(incidents).IsIsolated);
    }

    [Fact]
    public void A_callees_percentiles_at_one_scrape_are_no_run_for_its_callers_episode_to_echo()
    {
        // checkout's calls slow for three minutes from the moment payment's percentiles were flagged once.
        var callers = Enumerable.Range(0, 10).Select(i => SlowSpanAt(100 + i, "checkout", i * 20));

        var incidents = Supported.Group([.. PercentilesAt(0), .. callers], new ServiceGraph(ShopEdges));

        var incident = Assert.Single(incidents);
        Assert.Equal(new HashSet<long> { 1, 2, 3 }, incident.IsolatedRecordIds);
    }

    [Fact]
    public void Isolated_anomaly_far_from_every_incident_forms_its_own()
    {
        var anomalies = Burst(1, "payment", 0).Append(At(10, "search", 2_000)).ToArray();

        var incidents = Supported.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Equal(2, incidents.Count);
        Assert.Equal([10L], incidents[1].Anomalies.Select(a => a.RecordId));
    }

    [Fact]
    public void Services_two_hops_apart_join_one_incident_when_the_service_between_has_no_anomaly()
    {
        // payment and inventory are both called by checkout, which shows nothing (it lost its spans); inventory's burst
        // begins half a minute after payment's ends (bursts at once are one incident however far apart).
        var anomalies = Burst(1, "payment", 0).Concat(Burst(10, "inventory", 150)).ToArray();
        var graph = new ServiceGraph(ShopEdges);

        var twoHops = new IncidentGrouper(new RootCauseOptions { MaxGraphHops = 2 }).Group(anomalies, graph);
        var oneHop = new IncidentGrouper(TimeSpan.FromSeconds(180), TimeSpan.FromHours(1), maxHops: 1).Group(anomalies, graph);

        Assert.Single(twoHops);
        Assert.Equal(2, oneHop.Count);
    }

    [Fact]
    public void Incident_stops_growing_at_the_maximum_length()
    {
        // A steady trickle every 60 s for 40 minutes: within the gap each time, but longer than the 30-minute cap.
        var anomalies = Enumerable.Range(0, 40).Select(i => At(i + 1, "payment", i * 60)).ToArray();

        var incidents = Supported.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.True(incidents.Count >= 2);
        Assert.All(incidents, i => Assert.True(i.End - i.Start <= TimeSpan.FromSeconds(new RootCauseOptions().MaxIncidentSeconds)));
        Assert.Equal(40, incidents.Sum(i => i.Anomalies.Count));
    }

    [Fact]
    public void Chain_longer_than_the_maximum_is_cut_at_its_widest_pause_not_at_the_length_limit()
    {
        // Two checkout episodes 150 s apart lead up to a payment incident 170 s later; the chain (0..680 s) is too long.
        var anomalies = Burst(1, "checkout", 0).Concat(Burst(10, "checkout", 270)).Concat(Burst(20, "payment", 560)).ToArray();
        var options = new RootCauseOptions { MaxIncidentSeconds = 600, IncidentGapSeconds = 180 };

        var incidents = new IncidentGrouper(options).Group(anomalies, new ServiceGraph(ShopEdges));

        // A cut at 0 + 600 s would leave payment's first readings with checkout; the widest pause (170 s) keeps them whole.
        Assert.Contains(incidents, i => i.Anomalies.Select(a => a.RecordId).SequenceEqual([20L, 21L, 22L, 23L]));
    }

    [Fact]
    public void Point_anomalies_of_different_kinds_at_one_service_do_not_make_a_sustained_episode()
    {
        // An error burst, a CPU spike and an event flood at api-gateway in three consecutive minutes: each lasts seconds.
        var anomalies = new[]
        {
            At(1, "api-gateway", 0, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log),
            At(2, "api-gateway", 3, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log),
            At(3, "api-gateway", 6, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log),
            At(4, "api-gateway", 60, name: "cpu_percent"),
            At(5, "api-gateway", 100, AnomalyTypes.NoisyEvent, name: "restart", kind: TelemetryKind.Event),
            At(6, "api-gateway", 110, AnomalyTypes.NoisyEvent, name: "restart", kind: TelemetryKind.Event),
            At(7, "api-gateway", 125, AnomalyTypes.NoisyEvent, name: "restart", kind: TelemetryKind.Event),
        };

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Equal(anomalies.Select(a => a.RecordId).ToHashSet(), incident.IsolatedRecordIds);
    }

    [Fact]
    public void Same_kind_of_symptom_repeating_for_a_minute_is_a_sustained_episode()
    {
        // A fault's first minute: slow calls every 10 s at one service (longer than any point anomaly, about 30 s).
        var anomalies = Enumerable.Range(0, 6).Select(i => SlowSpanAt(i + 1, "payment", i * 10)).ToArray();

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Empty(incident.IsolatedRecordIds);
    }

    [Fact]
    public void Error_bursts_at_two_instances_of_one_service_do_not_make_a_sustained_episode()
    {
        // Two short bursts a minute apart, each at its own instance: together they last long enough for an episode, but a
        // fault sits at one instance, so neither is sustained.
        static Detection Error(long id, double seconds, string instance) =>
            At(id, "cache", seconds, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log, instance: instance);
        var anomalies = new[]
        {
            Error(1, 0, "cache-2"), Error(2, 2, "cache-2"), Error(3, 4, "cache-2"),
            Error(4, 80, "cache-3"), Error(5, 83, "cache-3"), Error(6, 86, "cache-3"),
        };

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Equal(anomalies.Select(a => a.RecordId).ToHashSet(), incident.IsolatedRecordIds);
    }

    [Fact]
    public void Short_slow_run_at_a_callee_that_its_caller_echoes_for_minutes_is_supported()
    {
        // checkout turns slow for 30 s (too short for an episode of its own); api-gateway, which calls it, is slow from
        // the same moment for two minutes: checkout's run is where the slowness came from.
        var callee = Enumerable.Range(0, 4).Select(i => SlowSpanAt(i + 1, "checkout", i * 10)).ToArray();
        var anomalies = callee.Concat(Burst(10, "api-gateway", 0)).ToArray();

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Empty(incident.IsolatedRecordIds);
    }

    [Fact]
    public void Short_slow_run_at_a_callee_that_begins_after_its_caller_is_not_supported_as_an_echo()
    {
        // The same short run, but a minute into api-gateway's episode: it did not start the slowness.
        var callee = Enumerable.Range(0, 4).Select(i => SlowSpanAt(i + 1, "checkout", 60 + i * 10)).ToArray();
        var anomalies = callee.Concat(Burst(10, "api-gateway", 0)).ToArray();

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Equal(callee.Select(a => a.RecordId).ToHashSet(), incident.IsolatedRecordIds);
    }

    [Fact]
    public void Error_bursts_a_minute_and_more_apart_at_one_instance_do_not_make_a_sustained_episode()
    {
        // Three short bursts at catalog-2, 70-80 s apart: close enough for the metric gap, but a failing instance keeps
        // writing error lines with its failing requests, so the pauses mean three separate bursts.
        static Detection Error(long id, double seconds) =>
            At(id, "catalog", seconds, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log, instance: "catalog-2");
        var anomalies = new[]
        {
            Error(1, 0), Error(2, 3), Error(3, 6), Error(4, 9),
            Error(5, 80), Error(6, 83), Error(7, 86), Error(8, 89),
            Error(9, 160), Error(10, 163), Error(11, 166), Error(12, 169),
        };

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph([Edge("api-gateway", "catalog")])));

        Assert.Equal(anomalies.Select(a => a.RecordId).ToHashSet(), incident.IsolatedRecordIds);
    }

    [Fact]
    public void Error_lines_seconds_apart_for_two_minutes_at_one_instance_are_a_sustained_episode()
    {
        var anomalies = Enumerable.Range(0, 12)
            .Select(i => At(i + 1, "catalog", i * 10, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log, instance: "catalog-2"))
            .ToArray();

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph([Edge("api-gateway", "catalog")])));

        Assert.Empty(incident.IsolatedRecordIds);
    }

    [Fact]
    public void Two_memory_readings_at_a_callee_whose_callers_then_fail_for_minutes_are_supported()
    {
        // A leaking checkout: two high memory readings a minute apart (too few for an episode); api-gateway, its caller,
        // logs failed calls from the second reading on for two minutes.
        var memory = new[] { At(1, "checkout", 0, name: "memory_mb"), At(2, "checkout", 60, name: "memory_mb") };
        var errors = Enumerable.Range(0, 12)
            .Select(i => At(10 + i, "api-gateway", 60 + i * 10, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log));

        var incident = Assert.Single(Supported.Group(memory.Concat(errors).ToArray(), new ServiceGraph(ShopEdges)));

        Assert.Empty(incident.IsolatedRecordIds);
    }

    [Fact]
    public void Three_high_memory_readings_in_a_row_at_one_instance_are_a_sustained_episode()
    {
        // A leak: one reading a minute, high for three minutes; fewer anomalies than an episode needs, but a spike is one reading.
        var anomalies = Enumerable.Range(0, 3).Select(i => At(i + 1, "database", i * 60, name: "memory_mb")).ToArray();

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Empty(incident.IsolatedRecordIds);
    }

    [Fact]
    public void Two_high_memory_readings_at_one_instance_are_not_a_sustained_episode()
    {
        var anomalies = Enumerable.Range(0, 2).Select(i => At(i + 1, "database", i * 60, name: "memory_mb")).ToArray();

        var incident = Assert.Single(Supported.Group(anomalies, new ServiceGraph(ShopEdges)));

        Assert.Equal([1L, 2L], incident.IsolatedRecordIds.Order());
    }

    [Theory]
    [InlineData(250, 0)]
    [InlineData(290, 1)]
    public void Isolated_anomaly_between_two_incidents_joins_the_nearer(double seconds, int expected)
    {
        // Two payment incidents (0..120 s and 400..520 s); a lone checkout reading in between is within the gap of both.
        var anomalies = Burst(1, "payment", 0).Concat(Burst(20, "payment", 400)).Append(At(10, "checkout", seconds)).ToArray();

        var incidents = Supported.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Equal(2, incidents.Count);
        Assert.Contains(10L, incidents[expected].Anomalies.Select(a => a.RecordId));
        Assert.DoesNotContain(10L, incidents[1 - expected].Anomalies.Select(a => a.RecordId));
    }

    [Fact]
    public void Isolated_anomalies_across_a_day_of_incidents_each_join_the_incident_beside_them()
    {
        // A payment incident every 20 minutes for a day, each followed 100 s after its end by a lone checkout reading.
        const int count = 72;
        var anomalies = new List<Detection>();
        for (var k = 0; k < count; k++)
        {
            anomalies.AddRange(Burst(k * 10L, "payment", k * 1_200.0));
            anomalies.Add(At(k * 10L + 9, "checkout", k * 1_200.0 + 220));
        }

        var incidents = Supported.Group(anomalies, new ServiceGraph(ShopEdges));

        Assert.Equal(count, incidents.Count);
        for (var k = 0; k < count; k++)
        {
            Assert.Equal([k * 10L, k * 10L + 1, k * 10L + 2, k * 10L + 3, k * 10L + 9], incidents[k].Anomalies.Select(a => a.RecordId));
            Assert.Equal(new HashSet<long> { k * 10L + 9 }, incidents[k].IsolatedRecordIds);
        }
    }

    [Fact]
    public void Short_slow_run_at_a_callee_is_an_echo_of_its_caller_among_the_callers_earlier_episodes()
    {
        // api-gateway has a sustained slow episode every 10 minutes for a day; checkout's short run starts with the last.
        var anomalies = new List<Detection>();
        for (var k = 0; k < 144; k++)
        {
            anomalies.AddRange(Burst(100 + k * 10L, "api-gateway", k * 600.0));
        }

        var callee = Enumerable.Range(0, 4).Select(i => SlowSpanAt(i + 1, "checkout", 143 * 600.0 + i * 10)).ToArray();
        anomalies.AddRange(callee);

        var incidents = Supported.Group(anomalies, new ServiceGraph(ShopEdges));

        var last = incidents.Single(i => i.Anomalies.Any(a => a.RecordId == 1));
        Assert.Empty(last.IsolatedRecordIds);
    }
}
