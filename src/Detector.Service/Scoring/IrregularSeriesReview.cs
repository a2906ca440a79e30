using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Hands the metric series that do not behave as the statistical model assumes to the streaming detector that
/// <c>detect</c> runs (<see cref="RobustStreamingDetector"/>, shipped configuration). The robust z-score compares each
/// reading with the whole series' median and spread: right for a stationary series with rare faults, wrong for a real
/// metric with daily peaks, level changes or a heavy tail, where every peak is many σ out. Such a series shows itself by
/// passing the z limit too often: under the model's assumption a series of n readings has a handful of faulty ones,
/// and more than √n says the limit is not measuring rarity on it (readings, not episodes: a daily cycle passes it once
/// a day, for hours). Its readings are then judged by the streaming detector (each signal calibrated against the
/// series' own past, seasonal expectations): its alarms are the series' flags, and an episode of consecutive readings
/// beyond the z limit stands whole where that detector alarms inside it or the same service shows its own independent
/// evidence within one sampling interval of it (a slow span, a significant ERROR-log or event window): a fault seen
/// from two sides is a fault whatever the series' habits. A series with a daily or weekly season is handed over too,
/// however rarely it passes the limit: its readings are ordinary or not for their hour, which a z-score against the
/// whole series cannot see (a quiet night at the daytime level, a holiday's traffic on a weekday), and the streaming
/// detector compares each with the same phase of past seasons. Series no longer than the streaming detector's warm-up
/// keep the z-score, which is all that can judge them. The verdicts also say whether the series covers two days or more,
/// from which the streaming detector's alarms decide the ensemble's verdict (<see cref="StatisticalRecordModel"/>).
/// </summary>
internal static class IrregularSeriesReview
{
    /// <summary>Cap on the odds taken from the streaming detector's score, as on every evidence ratio.</summary>
    private const double MaxOdds = 1e12;

    /// <summary>
    /// Two of the streaming detector's shortest season (two days), in ticks: a series that spans as much is long enough
    /// to tell whether it repeats daily, and for the detector's calibration to rest on more than one day's readings.
    /// </summary>
    private static readonly long TwoDays = 2 * SeasonalPeriodTracker.Seasons[0].Ticks;

    /// <summary>
    /// Reviews every metric series. <paramref name="raw"/> holds each record's evidence ratio (1 at the limit) for every
    /// kind; <paramref name="isEvidence"/> says which non-metric records may corroborate a metric flag. Rewrites the raw
    /// score of the readings of irregular series and returns, per row of the telemetry columns, how each reading was
    /// judged (<see cref="SeriesVerdict.RobustZ"/> for every other record).
    /// </summary>
    public static SeriesVerdict[] Review(
        TelemetryColumns columns, RecordFeatureSet metrics, double[] raw, Func<int, bool> isEvidence, CancellationToken cancellationToken)
    {
        var verdicts = new SeriesVerdict[raw.Length];
        var index = GroupIndex.Build(metrics.Matrix.Groups, metrics.Matrix.GroupCount);
        var streaming = new RobustStreamingDetectorOptions();
        var irregular = new List<StreamedSeries>();
        for (var group = 0; group < index.GroupCount; group++)
        {
            var rows = index.RowsOf(group);
            if (rows.Length <= streaming.WarmUpPoints)
            {
                continue;
            }

            var ordered = InTimeOrder(columns, metrics, rows);
            var span = columns.Ticks[metrics.RecordRows[ordered[^1]]] - columns.Ticks[metrics.RecordRows[ordered[0]]];
            var interval = SamplingInterval(columns, metrics, ordered);
            var repeats = IsSeasonal(columns, metrics, ordered, span, interval, streaming.SeasonMinimumAutocorrelation);
            if (repeats || Exceedances(metrics, rows, raw) > Math.Sqrt(rows.Length))
            {
                var verdict = repeats ? SeriesVerdict.StreamedForItsHour
                    : span >= TwoDays ? SeriesVerdict.StreamedOverDays
                    : SeriesVerdict.Streamed;
                irregular.Add(new StreamedSeries(ordered, verdict, interval, ReadingsPerMinute.Of(columns.Ticks, metrics.RecordRows, ordered)));
            }
        }

        if (irregular.Count == 0)
        {
            return verdicts;
        }

        var evidence = EvidenceTimes(columns, raw, isEvidence);
        var streamed = new (double Odds, bool Alarm)[irregular.Count][];
        // Each series has its own detector; series are independent, so the order they run in changes nothing.
        Parallel.For(0, irregular.Count, new ParallelOptions { CancellationToken = cancellationToken }, k =>
            streamed[k] = Stream(columns, metrics, irregular[k].Rows, irregular[k].PerMinute > 1));

        for (var k = 0; k < irregular.Count; k++)
        {
            var (rows, streamedAs, reach, _) = irregular[k];
            var stream = streamed[k];
            var start = 0;
            while (start < rows.Length)
            {
                var end = start + 1;
                var over = raw[metrics.RecordRows[rows[start]]] > 1;
                while (end < rows.Length && raw[metrics.RecordRows[rows[end]]] > 1 == over)
                {
                    end++;
                }

                // An episode beyond the z limit stands whole when the streaming detector alarms inside it or the service
                // shows its own evidence during it: the detector decides whether the episode is unusual for this series,
                // the limit which readings belong to it (the detector alarms once per event, a fault lasts minutes).
                var stands = over ? Confirmation(columns, metrics, rows, stream, evidence, reach, start, end) : SeriesVerdict.RobustZ;
                for (var j = start; j < end; j++)
                {
                    var row = metrics.RecordRows[rows[j]];
                    if (stands != SeriesVerdict.RobustZ)
                    {
                        verdicts[row] = stands;
                        continue;
                    }

                    var (odds, alarm) = stream[j];
                    raw[row] = alarm ? Math.Max(odds, 1.0 + 1e-9) : Math.Min(odds, 1.0 - 1e-9);
                    verdicts[row] = streamedAs;
                }

                start = end;
            }
        }

        return verdicts;
    }

    /// <summary>
    /// Puts a series' rows in time order. Record order is time order for the generator's output; a user's file need not
    /// be. Equal timestamps keep record order, so the order, and the streaming detector's verdicts, are the same on
    /// every run.
    /// </summary>
    private static int[] InTimeOrder(TelemetryColumns columns, RecordFeatureSet metrics, ReadOnlySpan<int> rows)
    {
        var sorted = rows.ToArray();
        // The indices ascend in record order, so comparing them breaks ties between equal timestamps.
        Array.Sort(sorted, (x, y) =>
        {
            var byTime = columns.Ticks[metrics.RecordRows[x]].CompareTo(columns.Ticks[metrics.RecordRows[y]]);
            return byTime != 0 ? byTime : x.CompareTo(y);
        });
        return sorted;
    }

    /// <summary>
    /// Whether the series repeats itself daily or weekly: its autocorrelation at the lag of one season reaches the level
    /// at which the streaming detector adopts that season (so the series handed over are those whose seasons it uses),
    /// over at least two seasons of readings.
    /// </summary>
    /// <param name="span">The ticks from its first reading to its last.</param>
    /// <param name="interval">Its sampling interval in ticks (<see cref="SamplingInterval"/>).</param>
    private static bool IsSeasonal(TelemetryColumns columns, RecordFeatureSet metrics, int[] ordered, long span, long interval, double minimumAutocorrelation)
    {
        if (interval <= 0 || span < TwoDays)
        {
            return false;
        }

        var history = new ValueHistory(ordered.Length);
        var times = new ValueHistory(ordered.Length);
        var first = columns.Ticks[metrics.RecordRows[ordered[0]]];
        foreach (var i in ordered)
        {
            history.Add(columns.Values[metrics.RecordRows[i]]);
            times.Add((double)(columns.Ticks[metrics.RecordRows[i]] - first) / TimeSpan.TicksPerSecond);
        }

        // The streaming detector's own seasons and autocorrelation (readings paired by time), over the whole series.
        foreach (var season in SeasonalPeriodTracker.Seasons)
        {
            var lag = (int)Math.Round((double)season.Ticks / interval);
            if (span >= 2 * season.Ticks && lag >= 2 && lag < history.Count / 2
                && SeasonalPeriodTracker.Autocorrelation(history, times, season.TotalSeconds, history.Count) >= minimumAutocorrelation)
            {
                return true;
            }
        }

        return false;
    }

    private static int Exceedances(RecordFeatureSet metrics, ReadOnlySpan<int> rows, double[] raw)
    {
        var count = 0;
        foreach (var i in rows)
        {
            if (raw[metrics.RecordRows[i]] > 1)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>
    /// The streaming detector's verdict on each reading of a series (<paramref name="rows"/>, in time order). A series read
    /// more often than once a minute (<see cref="ReadingsPerMinute"/>; <paramref name="byMinute"/>) is streamed as its
    /// minutes' means, each reading taking its minute's verdict: the detector's windows, warm-up and refractory period
    /// count points, and the same metric scraped every 15 s would otherwise be, to it, a series four times as long whose
    /// every event lasts four times as many points.
    /// </summary>
    private static (double Odds, bool Alarm)[] Stream(TelemetryColumns columns, RecordFeatureSet metrics, int[] rows, bool byMinute)
    {
        var detector = new RobustStreamingDetector();
        var result = new (double, bool)[rows.Length];
        var j = 0;
        while (j < rows.Length)
        {
            var first = metrics.RecordRows[rows[j]];
            var end = j + 1;
            var value = columns.Values[first];
            if (byMinute)
            {
                // The mean of the minute's readings that have a value (a gap among them is no reading of 0).
                var minute = columns.Ticks[first] / TimeSpan.TicksPerMinute;
                var (sum, counted) = double.IsFinite(value) ? (value, 1) : (0.0, 0);
                while (end < rows.Length && columns.Ticks[metrics.RecordRows[rows[end]]] / TimeSpan.TicksPerMinute == minute)
                {
                    var next = columns.Values[metrics.RecordRows[rows[end]]];
                    (sum, counted) = double.IsFinite(next) ? (sum + next, counted + 1) : (sum, counted);
                    end++;
                }

                value = counted > 0 ? sum / counted : double.NaN;
            }

            var point = detector.Update(columns.TimestampAt(first), value);
            // The streaming score is 0.5 at its decision; its odds are 1 there, the threshold of every evidence ratio.
            var odds = point.Score >= 1 ? MaxOdds : Math.Min(MaxOdds, point.Score / (1 - point.Score));
            for (; j < end; j++)
            {
                result[j] = (odds, point.IsAnomaly);
            }
        }

        return result;
    }

    /// <summary>Per service, the sorted times of the records that count as independent evidence.</summary>
    private static long[][] EvidenceTimes(TelemetryColumns columns, double[] raw, Func<int, bool> isEvidence)
    {
        var byService = new List<long>[columns.Services.Count];
        for (var row = 0; row < raw.Length; row++)
        {
            if (raw[row] > 1 && isEvidence(row))
            {
                (byService[columns.ServiceIds[row]] ??= []).Add(columns.Ticks[row]);
            }
        }

        var times = new long[byService.Length][];
        for (var s = 0; s < times.Length; s++)
        {
            times[s] = byService[s] is { } list ? [.. list] : [];
            Array.Sort(times[s]);
        }

        return times;
    }

    /// <summary>
    /// The series' median spacing in ticks: a reading summarises the interval since the one before it, so evidence
    /// within one interval of a reading is evidence of what the reading measured (a minute for the generator's series).
    /// </summary>
    private static long SamplingInterval(TelemetryColumns columns, RecordFeatureSet metrics, int[] rows)
    {
        var gaps = new long[rows.Length - 1];
        for (var j = 1; j < rows.Length; j++)
        {
            gaps[j - 1] = columns.Ticks[metrics.RecordRows[rows[j]]] - columns.Ticks[metrics.RecordRows[rows[j - 1]]];
        }

        Array.Sort(gaps);
        return gaps[gaps.Length / 2];
    }

    /// <summary>
    /// How the episode of readings [<paramref name="start"/>, <paramref name="end"/>) stands: confirmed by the streaming
    /// detector's alarm inside it, else corroborated by the service's own evidence, else not at all (RobustZ).
    /// </summary>
    private static SeriesVerdict Confirmation(
        TelemetryColumns columns, RecordFeatureSet metrics, int[] rows, (double Odds, bool Alarm)[] stream, long[][] evidence, long reach,
        int start, int end)
    {
        for (var j = start; j < end; j++)
        {
            if (stream[j].Alarm)
            {
                return SeriesVerdict.ConfirmedByDetector;
            }
        }

        for (var j = start; j < end; j++)
        {
            var row = metrics.RecordRows[rows[j]];
            if (Corroborated(evidence, columns.ServiceIds[row], columns.Ticks[row], reach))
            {
                return SeriesVerdict.Corroborated;
            }
        }

        return SeriesVerdict.RobustZ;
    }

    private static bool Corroborated(long[][] evidence, int service, long ticks, long reach)
    {
        var times = evidence[service];
        var at = Array.BinarySearch(times, ticks - reach);
        if (at < 0)
        {
            at = ~at;
        }

        return at < times.Length && times[at] <= ticks + reach;
    }

    /// <summary>A series the streaming detector judges: its rows in time order, how its readings are marked, its sampling interval in ticks, its readings per minute.</summary>
    private readonly record struct StreamedSeries(int[] Rows, SeriesVerdict Verdict, long Interval, int PerMinute);
}

/// <summary>How the statistical model judged a metric reading.</summary>
internal enum SeriesVerdict : byte
{
    /// <summary>The robust z-score against the series (a regular series, or one too short to stream).</summary>
    RobustZ,

    /// <summary>A reading of an irregular series' episode beyond the z limit in which the streaming detector alarmed.</summary>
    ConfirmedByDetector,

    /// <summary>
    /// A reading of an irregular series' episode beyond the z limit that the service's own evidence corroborates (within
    /// one sampling interval of one of its readings), the streaming detector having raised no alarm in it.
    /// </summary>
    Corroborated,

    /// <summary>
    /// A reading of a series that passes its z limit too often and covers less than two days, scored by the streaming
    /// detector, whose calibration then rests on a day's readings or fewer.
    /// </summary>
    Streamed,

    /// <summary>A reading of a series that passes its z limit too often over two days or more, scored by the streaming detector.</summary>
    StreamedOverDays,

    /// <summary>
    /// A reading of a series that repeats daily or weekly, scored by the streaming detector, which compares it with the
    /// same phase of past seasons.
    /// </summary>
    StreamedForItsHour,
}
