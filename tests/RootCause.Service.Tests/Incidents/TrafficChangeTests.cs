using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using Microsoft.Extensions.Options;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Incidents;

/// <summary>An incident made mostly of changes in traffic (requests, network bytes) is listed, ranked and explained, but not paged.</summary>
public sealed class TrafficChangeTests
{
    private static DetectedIncident Incident(List<Detection> anomalies) =>
        new("DET-0001", anomalies.Min(a => a.Timestamp), anomalies.Max(a => a.Timestamp), [.. anomalies.Select(a => a.Service).Distinct()], anomalies);

    [Theory]
    [InlineData("request_rate", true)]
    [InlineData("http.server.requests{route=/cart}", true)]
    [InlineData("network_receive_bytes", true)]
    [InlineData("throughput_rps", true)]
    [InlineData("request_duration_p99", false)]
    [InlineData("http.server.request.duration.mean", false)]
    [InlineData("requests_failed_total", false)]
    [InlineData("request_errors", false)]
    [InlineData("success_rate_percent", false)]
    [InlineData("cpu_percent", false)]
    [InlineData("latency_p95_ms", false)]
    [InlineData("http_requests_total{code=\"200\"}", true)]
    [InlineData("http_requests_total{code=\"500\"}", false)]
    [InlineData("http.server.requests{http.response.status_code=503,route=/cart}", false)]
    [InlineData("http.server.requests{route=/cart,http.response.status_code=404}", false)]
    [InlineData("http.server.requests{http.response.status_code=201}", true)]
    [InlineData("requests_5xx", false)]
    [InlineData("requests_rejected", false)]
    [InlineData("network_receive_packets_dropped", false)]
    [InlineData("requests_throttled", false)]
    [InlineData("request_retries", false)]
    [InlineData("network.tcp.retransmits", false)]
    [InlineData("request_exceptions", false)]
    [InlineData("requests{route=/orders/5000}", true)]
    [InlineData("http_server_requests_seconds_count{uri=\"/cart\"}", true)]
    [InlineData("http_server_requests_seconds_sum{uri=\"/cart\"}", false)]
    [InlineData("http_server_requests_seconds_max", false)]
    [InlineData("http_server_requests_seconds_bucket{le=\"0.5\"}", false)]
    [InlineData("http.server.request.duration.count", true)]
    [InlineData("request_ms", false)]
    [InlineData("requests_total{status_ms=\"fast\"}", true)]
    [InlineData("request_errors_count", false)]
    [InlineData("requests_total{uri=\"/api/timetable\"}", true)]
    public void A_metric_is_traffic_when_its_name_says_requests_or_network_and_not_a_symptom_nor_an_error_status(string name, bool traffic) =>
        Assert.Equal(traffic, TrafficChange.IsTraffic(At(1, "cart", 0, name: name)));

    [Fact]
    public void A_span_or_log_is_never_traffic()
    {
        Assert.False(TrafficChange.IsTraffic(At(1, "cart", 0, AnomalyTypes.LatencySpike, name: "GET /requests", kind: TelemetryKind.Span)));
        Assert.False(TrafficChange.IsTraffic(At(2, "cart", 0, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log)));
    }

    [Fact]
    public void Percentiles_of_one_latency_at_one_moment_count_as_one_reading_against_the_traffic_beside_them()
    {
        var anomalies = new List<Detection>();
        var id = 0;
        // Five minutes: two services' request rates move (10 readings), a third service's latency p90, p95 and p99 with
        // them (15 readings of 5 distributions).
        for (var minute = 0; minute < 5; minute++)
        {
            anomalies.Add(At(id++, "cancel", minute * 60, name: "request_rate"));
            anomalies.Add(At(id++, "payment", minute * 60, name: "request_rate"));
            foreach (var percentile in new[] { "latency_p90_ms", "latency_p95_ms", "latency_p99_ms" })
            {
                anomalies.Add(At(id++, "travel", (minute * 60) + 1, name: percentile));
            }
        }

        Assert.True(TrafficChange.Of(Incident(anomalies)));

        // The same latency readings at two instances of travel are two readings a minute; other names than percentiles'
        // stay apart too.
        var twoInstances = anomalies.Concat(Enumerable.Range(0, 5).Select(m => At(id++, "travel", (m * 60) + 1, name: "latency_p95_ms", instance: "travel-1"))).ToList();
        var withLatencyMean = anomalies.Concat(Enumerable.Range(0, 5).Select(m => At(id++, "travel", (m * 60) + 1, name: "latency_mean_ms"))).ToList();
        Assert.False(TrafficChange.Of(Incident([.. twoInstances, At(id++, "travel", 2, name: "latency_p50_ms", instance: "travel-2")])));
        Assert.False(TrafficChange.Of(Incident([.. withLatencyMean, At(id++, "travel", 1, name: "latency_max_ms")])));
    }

    [Fact]
    public void Cpu_and_memory_moving_with_the_traffic_of_several_services_do_not_vote_but_count_beside_one_services_traffic()
    {
        var anomalies = new List<Detection>();
        var id = 0;
        // Five minutes of an evening peak: two services' request rates, and CPU and memory at four services (40 readings).
        for (var minute = 0; minute < 5; minute++)
        {
            anomalies.Add(At(id++, "cancel", minute * 60, name: "request_rate"));
            anomalies.Add(At(id++, "payment", minute * 60, name: "network_receive_bytes"));
            foreach (var service in new[] { "cancel", "payment", "travel", "route" })
            {
                anomalies.Add(At(id++, service, (minute * 60) + 1, name: "cpu_percent"));
                anomalies.Add(At(id++, service, (minute * 60) + 1, name: "memory_mb"));
            }
        }

        Assert.True(TrafficChange.Of(Incident(anomalies)));
        // A symptom still votes: ten readings of route's latency tie the ten of traffic, eleven outvote them.
        Assert.True(TrafficChange.Of(Incident([.. anomalies, .. Enumerable.Range(0, 10).Select(k => At(id++, "route", (k * 30) + 2, name: "latency_p95_ms"))])));
        Assert.False(TrafficChange.Of(Incident([.. anomalies, .. Enumerable.Range(0, 11).Select(k => At(id++, "route", (k * 30) + 2, name: "latency_p95_ms"))])));
        // One service's traffic is no load change of the estate: the resources count against it.
        Assert.False(TrafficChange.Of(Incident([.. anomalies.Where(a => a.Service != "payment")])));
        Assert.False(TrafficChange.IsSymptom("jvm_heap_used_bytes"));
        Assert.True(TrafficChange.IsSymptom("memory_errors_total"));
        Assert.False(TrafficChange.IsSymptom("request_rate"));
    }

    [Fact]
    public void Metrics_that_name_neither_traffic_nor_a_symptom_move_with_the_traffic_of_several_services_without_a_vote()
    {
        // A busy hour at two services, and a pool, a queue and a thread count at four (30 readings), as an exporter gives
        // metrics of names nothing here knows.
        var anomalies = new List<Detection>();
        var id = 0;
        for (var minute = 0; minute < 5; minute++)
        {
            anomalies.Add(At(id++, "cancel", minute * 60, name: "request_rate"));
            anomalies.Add(At(id++, "payment", minute * 60, name: "network_receive_bytes"));
            foreach (var service in new[] { "cancel", "payment", "travel" })
            {
                anomalies.Add(At(id++, service, (minute * 60) + 1, name: "db_pool_active"));
                anomalies.Add(At(id++, service, (minute * 60) + 1, name: "queue_depth"));
            }
        }

        Assert.True(TrafficChange.Of(Incident(anomalies)));
        // Beside one service's traffic they count against it, as CPU does.
        Assert.False(TrafficChange.Of(Incident([.. anomalies.Where(a => a.Service != "payment")])));
        // Time and failure are symptoms whatever else the name says.
        Assert.True(TrafficChange.IsSymptom("gc_pause_seconds_max"));
        Assert.True(TrafficChange.IsSymptom("http_requests_total{code=503}"));
        Assert.False(TrafficChange.IsSymptom("jvm_threads_live"));
    }

    [Fact]
    public async Task Traffic_moving_across_services_is_not_paged_while_a_symptom_at_one_service_is()
    {
        var anomalies = new List<Detection>();
        // 10:00: request rates of three services move together for five minutes, one latency reading among them.
        var id = 0;
        foreach (var service in new[] { "api-gateway", "checkout", "payment" })
        {
            for (var i = 0; i < 10; i++)
            {
                anomalies.Add(At(id++, service, i * 30, name: "request_rate"));
            }
        }

        anomalies.Add(At(id++, "payment", 60, name: "latency_p95_ms"));
        // Two hours later: payment's latency and errors, with its request rate dipping once.
        for (var i = 0; i < 10; i++)
        {
            anomalies.Add(At(id++, "payment", 7_200 + (i * 30), name: "latency_p95_ms"));
            anomalies.Add(At(id++, "payment", 7_205 + (i * 30), AnomalyTypes.ErrorLogBurst, name: "charge_failed", kind: TelemetryKind.Log));
        }

        anomalies.Add(At(id, "payment", 7_230, name: "request_rate"));
        var analyzer = new IncidentAnalyzer(Options.Create(new RootCauseOptions()), new AnomalyPlatform.RootCause.Llm.MockRootCauseExplainer());

        var incidents = await analyzer.AnalyzeAsync("run", anomalies, ShopEdges, [], CancellationToken.None);

        Assert.Equal(2, incidents.Count);
        Assert.True(incidents[0].TrafficChange);
        Assert.False(incidents[0].Isolated);
        Assert.NotEmpty(incidents[0].Candidates);
        Assert.False(incidents[1].TrafficChange);
    }
}
