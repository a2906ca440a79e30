using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using Microsoft.Extensions.Options;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Incidents;

/// <summary>An incident made mostly of changes in traffic (requests, network bytes) is listed, ranked and explained, but not paged.</summary>
public sealed class TrafficChangeTests
{
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
    public void A_metric_is_traffic_when_its_name_says_requests_or_network_and_not_a_symptom_nor_an_error_status(string name, bool traffic) =>
        Assert.Equal(traffic, TrafficChange.IsTraffic(At(1, "cart", 0, name: name)));

    [Fact]
    public void A_span_or_log_is_never_traffic()
    {
        Assert.False(TrafficChange.IsTraffic(At(1, "cart", 0, AnomalyTypes.LatencySpike, name: "GET /requests", kind: TelemetryKind.Span)));
        Assert.False(TrafficChange.IsTraffic(At(2, "cart", 0, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log)));
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
