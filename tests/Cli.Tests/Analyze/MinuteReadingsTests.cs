using System.Globalization;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// A metric series read more often than once a minute (a 15 or 30 s scrape, a pair of Prometheus servers) is read once
/// a minute, as a 60 s query step reads it: each minute's last reading, a counter's increases then a minute apart, a
/// series of increases summed; series read once a minute stay as they are.
/// </summary>
public sealed class MinuteReadingsTests : IDisposable
{
    private static readonly DateTime Noon = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    private readonly string _folder = Directory.CreateTempSubdirectory("minute-readings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_gauge_scraped_every_15_s_keeps_each_minutes_last_reading_and_is_said()
    {
        // Four readings a minute for three minutes: 10, 11, 12, 13, then 20..23, then 30..33.
        var rows = Enumerable.Range(0, 12).Select(i =>
            Row(i + 1, Noon.AddSeconds(15 * i), "cpu_percent", (10 * (i / 4 + 1)) + (i % 4)));

        var input = MeltCsvText.ReadInput(_folder, [.. rows]);

        Assert.Equal(
            [(Noon.AddSeconds(45), 13.0), (Noon.AddSeconds(105), 23.0), (Noon.AddSeconds(165), 33.0)],
            input.Records.Select(static r => (r.Timestamp, r.Value)));
        Assert.Equal(new MinuteReadings.Outcome(1, 12, 3, "cpu_percent"), input.MinuteReadings);
        Assert.Contains(
            "1 metric series read more often than once a minute (as 'cpu_percent') were read once a minute, each minute's last reading (increases: their sum), as a 60 s query step reads them: 12 readings, 3 kept.",
            InputReport.Notes(input));
    }

    [Fact]
    public void A_gap_at_the_end_of_a_minute_leaves_the_reading_before_it()
    {
        List<TelemetryRecord> records =
        [
            Reading(Noon, "cpu_percent", 10),
            Reading(Noon.AddSeconds(30), "cpu_percent", 11),
            Reading(Noon.AddSeconds(60), "cpu_percent", 12),
            Reading(Noon.AddSeconds(90), "cpu_percent", double.NaN),
            Reading(Noon.AddSeconds(120), "cpu_percent", double.NaN),
            Reading(Noon.AddSeconds(150), "cpu_percent", double.NaN),
        ];

        var (kept, _) = MinuteReadings.Fold(records, new HashSet<(string, string, string)>());

        // The second minute's reading is its 12 before the gap; the third, with none, is a gap.
        Assert.Equal([11.0, 12.0, double.NaN], kept.Select(static r => r.Value));
    }

    [Fact]
    public void A_counter_scraped_every_15_s_gives_the_increases_a_scrape_every_minute_gives()
    {
        // 6 requests every 15 s, read as a cumulative count four times a minute or once at each minute's end.
        var fast = Enumerable.Range(0, 16).Select(i => Row(i + 1, Noon.AddSeconds(15 * i), "requests_total", 6 * i)).ToArray();
        var slow = Enumerable.Range(0, 4).Select(m => Row(m + 1, Noon.AddSeconds((60 * m) + 45), "requests_total", 6 * ((4 * m) + 3))).ToArray();

        var everyQuarter = MeltCsvText.ReadInput(_folder, fast);
        var everyMinute = MeltCsvText.ReadInput(_folder, slow);

        Assert.Equal([24.0, 24.0, 24.0], everyQuarter.Records.Select(static r => r.Value));
        Assert.Equal(
            everyMinute.Records.Select(static r => (r.Timestamp, r.Name, r.Value)),
            everyQuarter.Records.Select(static r => (r.Timestamp, r.Name, r.Value)));
    }

    [Fact]
    public void A_series_read_once_a_minute_whose_stamps_jitter_is_read_as_it_is()
    {
        // Read about every 60 s, now and then a second early or late: one minute holds two readings, the next none.
        double[] seconds = [0.5, 60.4, 119.6, 179.8, 241.2, 299.9, 360.1];
        var rows = seconds.Select((s, i) => Row(i + 1, Noon.AddSeconds(s), "memory_mb", 100 + i)).ToArray();

        var input = MeltCsvText.ReadInput(_folder, rows);

        Assert.Equal(seconds.Length, input.Records.Count);
        Assert.Equal(MinuteReadings.Outcome.None, input.MinuteReadings);
    }

    [Fact]
    public void A_measurement_written_per_request_as_the_traffic_comes_is_read_as_it_is()
    {
        // A latency reading per Lambda invocation (an EMF line each): 3, 7, 2, 9 and 5 in five minutes, each its own.
        int[] perMinute = [3, 7, 2, 9, 5];
        var rows = perMinute.SelectMany((count, minute) => Enumerable.Range(0, count).Select(k => (minute, k)))
            .Select((at, i) => Row(i + 1, Noon.AddMinutes(at.minute).AddSeconds(5 * at.k), "duration_ms", 100 + i)).ToArray();

        var input = MeltCsvText.ReadInput(_folder, rows);

        Assert.Equal(perMinute.Sum(), input.Records.Count);
        Assert.Equal(MinuteReadings.Outcome.None, input.MinuteReadings);
    }

    [Fact]
    public void Increases_read_more_often_than_once_a_minute_are_summed_over_the_minute()
    {
        // An OTLP cumulative sum exported every 20 s, already read as its increases: 5, 7 and 9 in the first minute, 4, 4 and 0 in the next.
        List<TelemetryRecord> records =
        [
            Reading(Noon, "http.server.requests", 5),
            Reading(Noon.AddSeconds(20), "http.server.requests", 7),
            Reading(Noon.AddSeconds(40), "http.server.requests", 9),
            Reading(Noon.AddSeconds(60), "http.server.requests", 4),
            Reading(Noon.AddSeconds(80), "http.server.requests", 4),
            Reading(Noon.AddSeconds(100), "http.server.requests", 0),
        ];

        var (kept, outcome) = MinuteReadings.Fold(records, new HashSet<(string, string, string)> { ("cart", "cart-1", "http.server.requests") });

        Assert.Equal([(Noon.AddSeconds(40), 21.0), (Noon.AddSeconds(100), 8.0)], kept.Select(static r => (r.Timestamp, r.Value)));
        Assert.Equal(2, outcome.Minutes);
    }

    private static string Row(int id, DateTime time, string name, double value) =>
        string.Create(CultureInfo.InvariantCulture, $"{id},{time:yyyy-MM-ddTHH:mm:ss.fffZ},metric,cart,cart-1,{name},{value},,,,,,");

    private static TelemetryRecord Reading(DateTime time, string name, double value) =>
        new(-1, time, TelemetryKind.Metric, "cart", "cart-1", name, value);
}
