using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A Prometheus histogram scraped to CSV is read as OTLP's are: its count and its mean per interval, its buckets left out.</summary>
public sealed class HistogramSeriesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("histograms-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_histograms_sum_becomes_the_mean_of_each_interval_its_count_stays_and_its_buckets_are_left_out()
    {
        // cart's /cart route, scraped each minute: 10 requests taking 2 s in all, then 20 taking 8 s, then none; its
        // labels written in another order on the buckets than on the sum and count.
        var input = MeltCsvText.ReadInput(_folder, [.. Scrape(0, 100, 20, 100), .. Scrape(1, 110, 22, 105), .. Scrape(2, 130, 30, 120), .. Scrape(3, 130, 30, 120)]);

        var metrics = input.Records.Where(static r => r.Kind == TelemetryKind.Metric).ToList();
        Assert.DoesNotContain(metrics, static r => r.Name.Contains("_bucket", StringComparison.Ordinal) || r.Name.Contains("_sum", StringComparison.Ordinal));
        Assert.Equal([10.0, 20.0, 0.0], metrics.Where(static r => r.Name == "http_server_duration_seconds_count{route=\"/cart\"}").Select(static r => r.Value));
        Assert.Equal([0.2, 0.4], metrics.Where(static r => r.Name == "http_server_duration_seconds_mean{route=\"/cart\"}").Select(static r => Math.Round(r.Value, 9)));
        Assert.Equal(new HistogramSeries.Outcome(1, 2, "http_server_duration_seconds_mean{route=\"/cart\"}"), input.Histograms);
        Assert.Contains(
            "1 histogram(s) or summaries read as their count and mean per interval (as 'http_server_duration_seconds_mean{route=\"/cart\"}'), as OTLP's are; their 2 bucket series were left out.",
            InputReport.Notes(input));
    }

    [Fact]
    public void Buckets_without_a_count_and_a_summarys_quantiles_are_read_as_they_are()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "-1,2026-01-05T12:00:00Z,metric,cart,cart-1,queue_wait_seconds_bucket{le=\"1\"},5,,,,,,",
            "-1,2026-01-05T12:00:00Z,metric,cart,cart-1,rpc_seconds{quantile=\"0.99\"},0.8,,,,,,",
            "-1,2026-01-05T12:01:00Z,metric,cart,cart-1,queue_wait_seconds_bucket{le=\"1\"},9,,,,,,",
            "-1,2026-01-05T12:01:00Z,metric,cart,cart-1,rpc_seconds{quantile=\"0.99\"},0.9,,,,,,");

        Assert.Equal(
            [("rpc_seconds{quantile=\"0.99\"}", 0.8), ("queue_wait_seconds_bucket{le=\"1\"}", 4.0), ("rpc_seconds{quantile=\"0.99\"}", 0.9)],
            input.Records.Select(static r => (r.Name, r.Value)));
        Assert.Equal(HistogramSeries.Outcome.None, input.Histograms);
    }

    /// <summary>One scrape of the histogram at minute <paramref name="minute"/>: cumulative counts, as a client library exposes them.</summary>
    private static string[] Scrape(int minute, int count, double sum, int fast)
    {
        var at = $"2026-01-05T12:0{minute}:00Z";
        return
        [
            $"-1,{at},metric,cart,cart-1,\"http_server_duration_seconds_bucket{{route=\"\"/cart\"\",le=\"\"0.25\"\"}}\",{fast},,,,,,",
            $"-1,{at},metric,cart,cart-1,\"http_server_duration_seconds_bucket{{le=\"\"+Inf\"\",route=\"\"/cart\"\"}}\",{count},,,,,,",
            $"-1,{at},metric,cart,cart-1,\"http_server_duration_seconds_sum{{route=\"\"/cart\"\"}}\",{sum},,,,,,",
            $"-1,{at},metric,cart,cart-1,\"http_server_duration_seconds_count{{route=\"\"/cart\"\"}}\",{count},,,,,,",
        ];
    }
}
