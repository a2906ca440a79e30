using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Metrics as Prometheus' query API answers them, each series read under the service and instance its labels name.</summary>
public sealed class PrometheusJsonReaderTests : IDisposable
{
    private const double StartSeconds = 1_767_571_200;
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private readonly InputFolder _inputs = new();

    [Fact]
    public void A_query_range_answer_reads_each_series_under_its_container_and_pod_with_its_other_labels_in_its_name()
    {
        var answer = $$$"""
            {
              "status": "success",
              "data": {
                "resultType": "matrix",
                "result": [
                  {"metric": {"__name__": "container_cpu_usage_seconds_total", "container": "cart", "pod": "cart-5d8f-x2", "namespace": "shop", "job": "kubelet", "service": "kubelet", "cpu": "total"},
                   "values": [[{{{StartSeconds}}}, "10.5"], [{{{StartSeconds + 60.25}}}, "11"]]},
                  {"metric": {"__name__": "http_requests_total", "job": "checkout", "instance": "10.0.1.7:8080", "code": "500", "route": "/pay"},
                   "values": [[{{{StartSeconds}}}, "3"]]}
                ]
              }
            }
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("range.json", answer));

        Assert.Equal(0, rejects.Count);
        Assert.Equal(
            [
                ("cart", "cart-5d8f-x2", "container_cpu_usage_seconds_total{cpu=total}", 10.5, Start),
                ("cart", "cart-5d8f-x2", "container_cpu_usage_seconds_total{cpu=total}", 11.0, Start.AddSeconds(60.25)),
                ("checkout", "10.0.1.7:8080", "http_requests_total{code=500,route=/pay}", 3.0, Start),
            ],
            records.Select(static r => (r.Service, r.Instance, r.Name, r.Value, r.Timestamp)));
        Assert.All(records, static r => Assert.Equal(TelemetryKind.Metric, r.Kind));
    }

    [Fact]
    public void An_expressions_series_is_named_after_its_file_and_instant_vectors_one_a_line_are_read()
    {
        var path = _inputs.Write("p99-latency.jsonl",
            $$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"cart","pod":"cart-1"},"value":[{{{StartSeconds}}},"0.250"]}]}}""",
            $$$"""{"status":"success","data":{"resultType":"vector","result":[{"metric":{"service":"cart","pod":"cart-1"},"value":[{{{StartSeconds + 60}}},"0.300"]}]}}""");

        var (records, rejects) = InputFolder.Read(path);

        Assert.Equal(0, rejects.Count);
        Assert.Equal([("p99-latency", 0.25), ("p99-latency", 0.3)], records.Select(static r => (r.Name, r.Value)));
    }

    [Fact]
    public void Nan_is_a_gap_a_bad_sample_is_rejected_alone_and_a_failed_query_is_said()
    {
        var answer = _inputs.Write("range.json", $$$"""
            {"status":"success","data":{"resultType":"matrix","result":[{"metric":{"__name__":"up","job":"cart"},
             "values":[[{{{StartSeconds}}},"1"],[{{{StartSeconds + 60}}},"NaN"],[{{{StartSeconds + 120}}},"+Inf"],["soon","1"],[{{{StartSeconds + 240}}},"one"]]}]}}
            """.ReplaceLineEndings(" "),
            """{"status":"error","errorType":"bad_data","error":"parse error at char 5: unexpected \"}\""}""");

        var (records, rejects) = InputFolder.Read(answer);

        Assert.Equal(1.0, Assert.Single(records).Value);
        Assert.Equal(1, rejects.Valueless.Count);
        Assert.Collection(rejects.Reasons,
            reason => Assert.Contains("range.json, line 1, data.result[0].values[2][1]: '+Inf' is infinite: not a reading", reason),
            reason => Assert.Contains("data.result[0].values[3]: [\"soon\",\"1\"] is not a sample [seconds since 1970, \"value\"]", reason),
            reason => Assert.Contains("data.result[0].values[4][1]: 'one' is not a number", reason),
            reason => Assert.Contains("range.json, line 2, status: the query failed (bad_data: parse error at char 5", reason));
    }

    [Fact]
    public void A_pods_total_and_its_pause_container_are_counted_not_read()
    {
        var answer = $$$"""
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"container_memory_working_set_bytes","container":"cart","pod":"cart-1"},"values":[[{{{StartSeconds}}},"100"]]},
              {"metric":{"__name__":"container_memory_working_set_bytes","container":"","pod":"cart-1"},"values":[[{{{StartSeconds}}},"130"]]},
              {"metric":{"__name__":"container_memory_working_set_bytes","container":"POD","pod":"cart-1"},"values":[[{{{StartSeconds}}},"1"]]}]}}
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("memory.json", answer.ReplaceLineEndings(" ")));

        Assert.Equal(100.0, Assert.Single(records).Value);
        Assert.Equal((0, 2), (rejects.Count, rejects.AggregateSeries));
    }

    [Fact]
    public void Lokis_log_streams_are_read_as_log_lines_of_the_service_and_pod_their_labels_name()
    {
        var answer = $$$"""
            {"status":"success","data":{"resultType":"streams","result":[
              {"stream":{"service_name":"cart","pod":"cart-1","level":"error"},"values":[["{{{1_767_571_200_000_000_000}}}","cart read failed"],["{{{1_767_571_201_500_000_000}}}","retry failed"]]},
              {"stream":{"app":"checkout","host":"node-3"},"values":[["{{{1_767_571_202_000_000_000}}}","WARN slow payment"],[1767571203,"no time in quotes"]]}]}}
            """;

        var (records, rejects) = InputFolder.Read(_inputs.Write("loki.json", answer));

        Assert.Equal(
            [
                ("cart", "cart-1", LogLevel.Error, "cart read failed", Start), ("cart", "cart-1", LogLevel.Error, "retry failed", Start.AddSeconds(1.5)),
                ("checkout", "node-3", LogLevel.Warn, "WARN slow payment", Start.AddSeconds(2)),
            ],
            records.Select(static r => (r.Service, r.Instance, r.Level, r.Message, r.Timestamp)));
        Assert.All(records, static r => Assert.Equal(TelemetryKind.Log, r.Kind));
        Assert.Contains("data.result[1].values[1]: [1767571203,\"no time in quotes\"] is not an entry", Assert.Single(rejects.Reasons));
    }

    public void Dispose() => _inputs.Dispose();
}
