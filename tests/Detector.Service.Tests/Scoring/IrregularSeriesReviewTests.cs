using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Scoring;

namespace AnomalyPlatform.Detector.Tests.Scoring;

/// <summary>
/// The statistical model's metric verdicts on long series that do not fit its stationary assumption: those are judged
/// by the streaming detector <c>detect</c> runs, unless the service corroborates a flag with its own evidence.
/// </summary>
public sealed class IrregularSeriesReviewTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private const string Service = "checkout";

    private static Dictionary<long, Detection> Detect(IReadOnlyList<TelemetryRecord> records)
    {
        var columns = new TelemetryColumns();
        columns.Append(records);
        return new DetectionRun(new DetectorOptions()).Execute(columns, CancellationToken.None).Detections.ToDictionary(d => d.RecordId);
    }

    private static bool StatisticalFlags(Dictionary<long, Detection> detections, long id) =>
        detections.TryGetValue(id, out var detection) && detection.Scores.Single(s => s.Model == ModelNames.Statistical).IsAnomaly;

    private static string StatisticalReason(Dictionary<long, Detection> detections, long id) =>
        detections[id].Reasons.Single(reason => reason.StartsWith("statistical:", StringComparison.Ordinal));

    private static TelemetryRecord Reading(long id, int minute, double value) =>
        new(id, Start.AddMinutes(minute), TelemetryKind.Metric, Service, $"{Service}-1", "latency_p95_ms", value);

    [Fact]
    public void A_metric_scraped_every_15_s_is_judged_as_the_same_metric_read_once_a_minute()
    {
        // A day of an irregular latency (a burst every 50 minutes, so the z limit is passed far more than √n times) with
        // one fault: ten minutes at twice the bursts' height. Read once a minute, and every 15 s with each minute's value
        // four times.
        var random = new Random(11);
        var minutes = new double[24 * 60];
        for (var m = 0; m < minutes.Length; m++)
        {
            minutes[m] = m is >= 1000 and < 1010 ? 160 : m % 50 < 3 ? 80 : 50 + (4 * random.NextDouble());
        }

        var perMinute = minutes.Select((value, m) => Reading(m, m, value)).ToList();
        var every15s = minutes.SelectMany((value, m) => Enumerable.Range(0, 4).Select(q =>
            new TelemetryRecord((4 * m) + q, Start.AddMinutes(m).AddSeconds(15 * q), TelemetryKind.Metric, Service, $"{Service}-1", "latency_p95_ms", value))).ToList();

        var flaggedPerMinute = StreamedMinutes(Detect(perMinute), perMinute);
        var flagged15s = StreamedMinutes(Detect(every15s), every15s);

        Assert.Contains(1000, flaggedPerMinute);
        Assert.Equal(flaggedPerMinute, flagged15s);
    }

    /// <summary>The minutes in which the statistical model flagged a reading on the streaming detector's word.</summary>
    private static List<int> StreamedMinutes(Dictionary<long, Detection> detections, List<TelemetryRecord> records) =>
        [.. records.Where(r => StatisticalFlags(detections, r.RecordId)
                && StatisticalReason(detections, r.RecordId).Contains("streaming detector", StringComparison.Ordinal))
            .Select(r => (int)(r.Timestamp - Start).TotalMinutes).Distinct().Order()];

    [Fact]
    public void A_daily_cycle_is_not_flagged_at_every_peak_but_a_spike_at_night_is()
    {
        // Five days at one reading every 5 minutes: a busy day is three times the night's level, so against the whole
        // series' median every afternoon is many robust σ out.
        const int readings = 5 * 288, spike = (4 * 288) + 12;
        var random = new Random(5);
        var records = new List<TelemetryRecord>(readings);
        for (var i = 0; i < readings; i++)
        {
            var phase = 2 * Math.PI * (i % 288) / 288;
            var value = 40 + (30 * Math.Max(0, Math.Sin(phase))) + random.NextDouble();
            records.Add(Reading(i, 5 * i, i == spike ? 200 : value));
        }

        var detections = Detect(records);

        var flagged = records.Count(r => StatisticalFlags(detections, r.RecordId));
        Assert.True(flagged <= readings / 50, $"{flagged} of {readings} readings flagged");
        Assert.True(StatisticalFlags(detections, spike));
        Assert.Contains("streaming detector", StatisticalReason(detections, spike), StringComparison.Ordinal);
    }

    [Fact]
    public void A_seasonal_series_within_its_range_is_judged_for_its_hour()
    {
        // Fourteen days at one reading every 5 minutes, a smooth daily cycle between 40 at night and 70 by day: never
        // far from the series' median, so it passes its z limit no more often than a stationary series would. On day
        // 12 half an hour of the night sits at the daytime level: ordinary for the series, not for 3 am.
        const int readings = 14 * 288, night = (12 * 288) + 216;
        var random = new Random(3);
        var records = new List<TelemetryRecord>(readings);
        for (var i = 0; i < readings; i++)
        {
            var value = 55 + (15 * Math.Sin(2 * Math.PI * (i % 288) / 288)) + random.NextDouble();
            records.Add(Reading(i, 5 * i, i is >= night and < night + 6 ? 69 + random.NextDouble() : value));
        }

        var detections = Detect(records);

        var planted = Enumerable.Range(night, 6).Where(i => StatisticalFlags(detections, i)).ToList();
        Assert.NotEmpty(planted);
        Assert.Contains("streaming detector", StatisticalReason(detections, planted[0]), StringComparison.Ordinal);
        var others = records.Count(r => r.RecordId is < night or >= night + 6 && StatisticalFlags(detections, r.RecordId));
        Assert.True(others <= readings / 100, $"{others} ordinary readings flagged");
    }

    [Fact]
    public void On_a_seasonal_series_the_streaming_detectors_alarm_for_the_hour_is_the_ensembles_verdict()
    {
        // Fourteen days of a smooth daily cycle between 40 and 70; day 12 runs half a day out of phase (busy at night,
        // quiet by day). Every reading of it lies inside the series' range and follows the one before it smoothly, so to
        // every model that sees a reading's features alone it is an ordinary reading; only the streaming detector, which
        // compares a reading with the same hour of past days, can call it, and the others must not outvote it.
        const int readings = 14 * 288, day = 12 * 288;
        var random = new Random(3);
        var records = new List<TelemetryRecord>(readings);
        for (var i = 0; i < readings; i++)
        {
            var phase = 2 * Math.PI * (i % 288) / 288;
            var shifted = i is >= day and < day + 288 ? Math.PI : 0;
            records.Add(Reading(i, 5 * i, 55 + (15 * Math.Sin(phase + shifted)) + random.NextDouble()));
        }

        var detections = Detect(records);

        var alarms = Enumerable.Range(day, 288)
            .Where(i => StatisticalFlags(detections, i) && StatisticalReason(detections, i).Contains("the same hour of past seasons", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(alarms);
        Assert.All(alarms, i => Assert.True(detections[i].IsAnomaly, $"reading {i}: the ensemble outvoted the streaming detector"));
        var elsewhere = detections.Values.Count(d => d.IsAnomaly && d.RecordId is < day or >= day + 288);
        Assert.True(elsewhere <= readings / 100, $"{elsewhere} ordinary readings flagged");
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(3, true)]
    public void The_streaming_detectors_alarm_decides_once_it_has_watched_the_series_for_two_days(int days, bool decides)
    {
        // One reading every 5 minutes; at random about one in ten jumps (no daily beat), so the series passes its z limit
        // far more than √n times and goes to the streaming detector. Over a day its calibration rests on a day's readings
        // and its alarms are one voice among the models; from two days on they decide the ensemble's verdict.
        var readings = days * 288;
        var random = new Random(11);
        var records = Enumerable.Range(0, readings)
            .Select(i => Reading(i, 5 * i, random.NextDouble() < 0.1 ? 90 + random.NextDouble() : 50 + random.NextDouble()))
            .ToList();
        var options = new DetectorOptions();
        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        var links = TraceLinks.Build(columns);
        var input = new DetectionInput(columns, links, FeatureOptions.From(options));

        var output = new StatisticalRecordModel(options).Run(input, CancellationToken.None);

        var ordinary = Enumerable.Range(0, readings).Where(row => output.Raw[row] < 1).ToList();
        Assert.All(ordinary, row => Assert.Contains("streaming detector", output.ReasonFor(row), StringComparison.Ordinal));
        Assert.NotNull(output.DecidesAt);
        Assert.All(ordinary, row => Assert.Equal(decides, output.DecidesAt[row]));
    }

    [Fact]
    public void A_stationary_series_with_rare_spikes_keeps_the_robust_z_verdict()
    {
        const int readings = 1_000;
        int[] spikes = [200, 450, 700, 900];
        var random = new Random(7);
        var records = new List<TelemetryRecord>(readings);
        for (var i = 0; i < readings; i++)
        {
            records.Add(Reading(i, i, spikes.Contains(i) ? 90 : 50 + random.NextDouble()));
        }

        var detections = Detect(records);

        Assert.All(spikes, id => Assert.True(StatisticalFlags(detections, id), $"spike {id} not flagged"));
        Assert.All(spikes, id => Assert.Contains(" z=", StatisticalReason(detections, id), StringComparison.Ordinal));
        Assert.DoesNotContain(records, r => !spikes.Contains((int)r.RecordId) && StatisticalFlags(detections, r.RecordId));
    }

    [Theory]
    [InlineData(1, 0, true)]
    [InlineData(1, 0, false)]
    // Read every 5 minutes, a reading speaks for the 5 minutes before it: errors 3 minutes earlier corroborate it.
    [InlineData(5, -180, true)]
    public void On_an_irregular_series_an_excursion_stands_only_where_the_service_corroborates_it(
        int minutesBetweenReadings, int errorsOffsetSeconds, bool errorsAtTheExcursion)
    {
        // Every 20th reading jumps: 50 excursions in 1,000 readings is no rare fault, it is how this series behaves.
        // One more, off the usual beat, looks like the others; only the service's own errors can single it out.
        const int readings = 1_000, excursion = 703;
        var random = new Random(13);
        var records = new List<TelemetryRecord>();
        for (var i = 0; i < readings; i++)
        {
            var high = i % 20 == 0 || i == excursion;
            records.Add(Reading(i, minutesBetweenReadings * i, high ? 90 + random.NextDouble() : 50 + random.NextDouble()));
        }

        var id = readings;
        var errorsFrom = Start.AddMinutes(minutesBetweenReadings * excursion).AddSeconds(errorsOffsetSeconds);
        for (var k = 0; errorsAtTheExcursion && k < 10; k++)
        {
            records.Add(new TelemetryRecord(id++, errorsFrom.AddSeconds(5 * k), TelemetryKind.Log, Service, $"{Service}-1",
                "request_failed", 0, Level: LogLevel.Error, Message: "POST /checkout failed"));
        }

        records.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var detections = Detect(records);

        Assert.Equal(errorsAtTheExcursion, StatisticalFlags(detections, excursion));
        if (errorsAtTheExcursion)
        {
            Assert.Contains("irregular series", StatisticalReason(detections, excursion), StringComparison.Ordinal);
        }

        var routineFlagged = Enumerable.Range(0, readings).Count(i => i % 20 == 0 && StatisticalFlags(detections, i));
        Assert.True(routineFlagged <= 5, $"{routineFlagged} of 50 routine excursions flagged");
    }

    [Fact]
    public void A_series_no_longer_than_the_streaming_warm_up_keeps_the_robust_z_verdict_however_often_it_exceeds()
    {
        // 60 readings, every 5th one high: 12 exceedances is more than √60, but 60 readings are too few to stream.
        const int readings = 60;
        var records = Enumerable.Range(0, readings).Select(i => Reading(i, i, i % 5 == 0 ? 90 : 50 + (0.01 * (i % 7)))).ToList();

        var detections = Detect(records);

        var flagged = Enumerable.Range(0, readings).Where(i => i % 5 == 0).Count(i => StatisticalFlags(detections, i));
        Assert.True(flagged >= 10, $"{flagged} of 12 high readings flagged");
        Assert.All(Enumerable.Range(0, readings).Where(i => i % 5 == 0 && StatisticalFlags(detections, i)),
            i => Assert.DoesNotContain("streaming detector", StatisticalReason(detections, i), StringComparison.Ordinal));
    }

    [Fact]
    public void An_irregular_series_whose_record_ids_run_against_time_is_judged_in_time_order()
    {
        // A user's file numbered newest first, two readings a minute: the series is judged in time order (ties in
        // record order), so the verdicts are those of the same readings numbered oldest first. The series steps up for
        // its last quarter: read forwards that is one episode beyond the limit, which the streaming detector's alarm at
        // the step confirms whole; read backwards it would be a step down that nothing beyond the limit follows.
        const int minutes = 400, readings = 2 * minutes, step = 3 * readings / 4;
        var random = new Random(17);
        var values = Enumerable.Range(0, readings).Select(i => (i >= step ? 90 : 50) + random.NextDouble()).ToArray();
        static int NewestFirst(int i) => ((minutes - 1 - (i / 2)) * 2) + (i % 2);
        var oldestFirst = Enumerable.Range(0, readings).Select(i => Reading(i, i / 2, values[i])).ToList();
        var newestFirst = Enumerable.Range(0, readings).Select(i => Reading(NewestFirst(i), i / 2, values[i])).ToList();

        var asRead = Detect(oldestFirst);
        var reversed = Detect(newestFirst);

        var stepFlagged = Enumerable.Range(step, readings - step).Count(i => StatisticalFlags(asRead, i));
        Assert.True(stepFlagged >= 0.9 * (readings - step), $"{stepFlagged} of {readings - step} readings after the step flagged");
        Assert.All(Enumerable.Range(0, readings), i => Assert.Equal(StatisticalFlags(asRead, i), StatisticalFlags(reversed, NewestFirst(i))));
    }
}
