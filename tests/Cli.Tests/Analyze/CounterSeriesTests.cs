using System.Globalization;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Prometheus counters in a user's CSV, read as what they counted between readings.</summary>
public sealed class CounterSeriesTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("counters-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_counter_is_read_as_its_increases_and_a_restart_as_what_it_counted_since()
    {
        var records = Readings("http_requests_total{route=/cart}", 1000, 1060, 1130, 1190, 40, 95);

        var (read, outcome) = CounterSeries.Increases(records, new HashSet<(string, string, string)>());

        // The first reading is the base; the process restarted before the fifth.
        Assert.Equal([60.0, 70.0, 60.0, 40.0, 55.0], read.Select(static r => r.Value));
        Assert.Equal(records.Skip(1).Select(static r => r.RecordId), read.Select(static r => r.RecordId));
        Assert.Equal(1, outcome.Counters);
        Assert.Equal(0, outcome.GaugeCount);
    }

    [Fact]
    public void A_missed_scrape_is_no_spike_the_increase_over_it_is_taken_per_usual_interval()
    {
        // Sixty requests a minute; the scrapes of minutes 3 and 4 were missed.
        var times = new[] { 0, 1, 2, 5, 6 };
        var records = times.Select((minute, i) =>
            new TelemetryRecord(i, Start.AddMinutes(minute), TelemetryKind.Metric, "cart", "cart-1", "requests_total", 1000 + (60 * minute))).ToList();

        var (read, _) = CounterSeries.Increases(records, new HashSet<(string, string, string)>());

        Assert.Equal([60.0, 60.0, 60.0, 60.0], read.Select(static r => r.Value));
    }

    [Fact]
    public void A_series_named_as_a_counter_that_dips_is_a_gauge_and_is_read_as_it_is()
    {
        var records = Readings("worker_threads_count", 10, 12, 11, 12);

        var (read, outcome) = CounterSeries.Increases(records, new HashSet<(string, string, string)>());

        Assert.Equal([10.0, 12.0, 11.0, 12.0], read.Select(static r => r.Value));
        Assert.Equal(0, outcome.Counters);
        Assert.Equal(["worker_threads_count"], outcome.Gauges);
    }

    [Theory]
    [InlineData("memory_mb")]
    [InlineData("total_requests")]
    [InlineData("process.cpu.count")]
    public void A_series_that_only_grows_is_read_as_it_is_unless_its_name_says_it_counts(string name)
    {
        // A leak's memory climbs all day: read as increases it would vanish.
        var records = Readings(name, 100, 120, 140, 160);

        var (read, outcome) = CounterSeries.Increases(records, new HashSet<(string, string, string)>());

        Assert.Same(records, read);
        Assert.Equal(0, outcome.Counters);
    }

    [Fact]
    public void A_csv_of_counters_is_analysed_as_increases_and_an_otlp_sum_of_one_name_is_not_read_twice()
    {
        var csv = Path.Combine(_folder, "prometheus.csv");
        var lines = new List<string> { MeltCsvText.Header };
        for (var m = 0; m < 4; m++)
        {
            var time = Start.AddMinutes(m).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            lines.Add($"{m},{time},metric,cart,cart-1,requests_total,{500 + (m * 30)},,,,,,");
        }

        File.WriteAllLines(csv, lines);
        // The same name from a Collector, as a cumulative sum: OTLP says it counts, and it is read as increases already.
        var otlp = Path.Combine(_folder, "metrics.jsonl");
        var nanos = (Start - DateTime.UnixEpoch).Ticks * 100;
        var points = string.Join(',', new[] { 100, 110, 125 }.Select((v, i) =>
            $$$"""{"startTimeUnixNano":"{{{nanos - 600_000_000_000}}}","timeUnixNano":"{{{nanos + (i * 60_000_000_000L)}}}","asInt":"{{{v}}}"}"""));
        File.WriteAllText(otlp, OtlpLines.Metrics("{\"name\":\"requests_total\",\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":true,\"dataPoints\":[" + points + "]}}") + "\n");

        var input = TelemetryInputReader.Read([csv, otlp], (_, _) => { }, CancellationToken.None);

        Assert.Equal([30.0, 30.0, 30.0], input.Records.Where(static r => r.Instance == "cart-1").Select(static r => r.Value));
        // The Collector's replica names no instance: its readings are the service's.
        Assert.Equal([10.0, 15.0], input.Records.Where(static r => r.Instance == "cart").Select(static r => r.Value));
        Assert.Equal(1, input.Counters.Counters);
        Assert.Equal(0, input.Counters.GaugeCount);
    }

    private static List<TelemetryRecord> Readings(string name, params double[] values) =>
        [.. values.Select((value, i) => new TelemetryRecord(i, Start.AddMinutes(i), TelemetryKind.Metric, "cart", "cart-1", name, value))];
}
