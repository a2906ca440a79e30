using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class SignalFamilyTests
{
    [Theory]
    [InlineData("cpu_percent", SignalFamily.Cpu)]
    [InlineData("container_cpu_usage_seconds_total", SignalFamily.Cpu)]
    [InlineData("jvm_memory_used_bytes{area=\"heap\"}", SignalFamily.Memory)]
    [InlineData("latency_p95_ms", SignalFamily.Latency)]
    [InlineData("http_server_requests_seconds_max", SignalFamily.Latency)]
    [InlineData("http_server_requests_seconds_bucket{le=\"0.5\"}", SignalFamily.Latency)]
    [InlineData("http_server_requests_seconds_count", SignalFamily.Other)]
    [InlineData("request_rate", SignalFamily.Other)]
    [InlineData("error_rate", SignalFamily.Errors)]
    public void A_metric_is_sorted_by_what_its_name_measures_as_prometheus_clients_name_it(string name, SignalFamily family) =>
        Assert.Equal(family, SignalFamilies.Of(At(1, "cart", 0, AnomalyTypes.MetricSpike, name: name)));

    [Fact]
    public void Spans_and_logs_are_sorted_by_their_detected_type()
    {
        Assert.Equal(SignalFamily.Latency, SignalFamilies.Of(At(1, "cart", 0, AnomalyTypes.LatencySpike, name: "GET /cart", kind: TelemetryKind.Span)));
        Assert.Equal(SignalFamily.Errors, SignalFamilies.Of(At(2, "cart", 0, AnomalyTypes.ErrorLogBurst, name: "app", kind: TelemetryKind.Log)));
    }
}
