using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Ensemble;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// The statistical model of the run (<see cref="ModelNames.Statistical"/>): robust z-scores per series — metric
/// readings per (service, instance, metric) with an EWMA residual, span log-durations per (service, operation),
/// typed <see cref="AnomalyTypes.LatencySpike"/> — and exact Poisson tail tests of ERROR-log and event counts per
/// service window (<see cref="WindowSurprise"/>). A record's raw score is an evidence ratio, the tail probability at
/// the family's limit over the tail probability of the record: α/p for the window tests (against the Benjamini–Hochberg
/// threshold at the configured false-discovery rate), P(Z &gt; limit)/P(Z &gt; z) for the z-scores. 1 is the threshold everywhere and the families
/// compare; and because tail probabilities move by orders of magnitude, the score is decisive on either side of the
/// threshold (z = 4 against a limit of 5 is 0.01, z = 6 is 300), as a calibrated test's verdict should be when the
/// ensemble weighs it against density rankings. A significant window passes its score to the records it counted (only
/// the ERROR logs, only the events), and to the same records at its callers when their own window is elevated too or
/// when their own request failed there (a request's ERROR lines count once, where its failure began). A
/// long metric series that passes its z limit too often for the z-score to measure rarity on it is judged by the
/// streaming detector <c>detect</c> runs instead (<see cref="IrregularSeriesReview"/>).
/// </summary>
internal sealed class StatisticalRecordModel(DetectorOptions options) : IRecordModel
{
    private enum Source : byte
    {
        None,
        Metric,
        Span,
        ErrorWindow,
        EventWindow,
        SlowSpanWindow,
    }

    /// <summary>Cap on the evidence ratio, so that a p-value of 1e-300 does not turn into infinity.</summary>
    private const double MaxEvidence = 1e12;

    /// <summary>The statistical model's weight in the soft vote, against 1 for each density-ranking model.</summary>
    public const double VoteWeight = 2.0;

    public string Name => ModelNames.Statistical;

    public ModelOutput Run(DetectionInput input, CancellationToken cancellationToken)
    {
        var columns = input.Columns;
        var n = columns.Count;
        var raw = new double[n];
        Array.Fill(raw, double.NaN);
        var z = new double[n];
        var detail = new int[n];
        var viaEwma = new bool[n];
        var viaCallee = new bool[n];
        var viaRequest = new bool[n];
        var sources = new Source[n];
        var types = new byte[n];
        Array.Fill(types, ModelOutput.NoType);

        var metrics = SeriesFeatures.Metrics(columns, input.MetricSeries);
        ScoreRecords(metrics, new StatisticalDetectorOptions
        {
            ZThreshold = options.MetricZThreshold,
            EwmaAlpha = options.EwmaAlpha,
            MinGroupSize = options.MinSeriesLength,
        }, "metric", Source.Metric, AnomalyTypeCodes.MetricSpike, raw, z, detail, viaEwma, sources, types, cancellationToken);
        ApplyEffectSize(input.Features.Metrics, raw, viaEwma);

        var spans = SeriesFeatures.SpanDurations(columns, input.Links);
        ScoreRecords(spans, new StatisticalDetectorOptions
        {
            ZThreshold = options.SpanZThreshold,
            MinGroupSize = options.MinSeriesLength,
            // A latency spike is a slow span; a fast one (a cache hit, an early return) is no fault.
            UpperTailOnly = true,
            // Log durations are scale-free, so the calling contexts' spreads are comparable, and a short run has many
            // contexts of a dozen spans whose own MAD can be several times too narrow by chance.
            ModerateScales = true,
        }, "span", Source.Span, AnomalyTypeCodes.LatencySpike, raw, z, detail, viaEwma, sources, types, cancellationToken);

        var slowSpanWindows = SlowSpanWindows(columns, input.Links, z, sources);
        using (PipelineTelemetry.StartScore(Name, "span_window"))
        {
            ScoreWindows(slowSpanWindows, Source.SlowSpanWindow, AnomalyTypeCodes.LatencySpike, raw, z, detail, viaCallee, viaRequest, sources, types);
        }

        var features = input.Features;
        // The window tests have nothing to fit: their expectation is each window's own neighbourhood.
        using (PipelineTelemetry.StartScore(Name, "log"))
        {
            ScoreWindows(features.ErrorLogWindows, Source.ErrorWindow, AnomalyTypeCodes.ErrorLogBurst, raw, z, detail, viaCallee, viaRequest, sources, types);
            ScoreNonErrorLogs(columns, raw, types);
        }

        using (PipelineTelemetry.StartScore(Name, "event"))
        {
            ScoreWindows(features.EventWindows, Source.EventWindow, AnomalyTypeCodes.NoisyEvent, raw, z, detail, viaCallee, viaRequest, sources, types);
        }

        // Last, because a metric flag on an irregular series may be corroborated by the other kinds' verdicts.
        SeriesVerdict[] verdictOf;
        using (PipelineTelemetry.StartScore(Name, "metric_series"))
        {
            verdictOf = IrregularSeriesReview.Review(
                columns, metrics, raw, row => sources[row] is Source.Span or Source.SlowSpanWindow or Source.ErrorWindow or Source.EventWindow, cancellationToken);
        }

        var threshold = options.Contamination is { } contamination ? ContaminationOverScored(raw, contamination) : 1.0;
        var flags = new bool[n];
        for (var row = 0; row < n; row++)
        {
            flags[row] = raw[row] > threshold;
        }

        string Reason(int row) => sources[row] switch
        {
            Source.Metric when verdictOf[row] is SeriesVerdict.Streamed or SeriesVerdict.StreamedOverDays or SeriesVerdict.StreamedForItsHour => Invariant(
                $"statistical: streaming detector (as detect) odds {raw[row]:0.##} against 1 on {metrics.GroupLabels[detail[row]]} (value {columns.Values[row]:0.###}; {WhyStreamed(verdictOf[row])})"),
            Source.Metric => Invariant(
                $"statistical: {(viaEwma[row] ? "EWMA residual" : "robust")} z={z[row]:0.0} on {metrics.GroupLabels[detail[row]]} (value {columns.Values[row]:0.###}{ConfirmationNote(verdictOf[row])})"),
            Source.Span => Invariant(
                $"statistical: span duration {columns.Values[row]:0.###} ms, robust z={z[row]:0.0} on log duration of {spans.GroupLabels[detail[row]]}"),
            // A request's ERROR lines count once, where its failure began, so the count is of failures logged.
            Source.ErrorWindow => WindowReason("failures logged as ERROR", features.ErrorLogWindows, row),
            Source.EventWindow => WindowReason("events", features.EventWindows, row),
            Source.SlowSpanWindow => WindowReason(Invariant($"spans slower than {SlowSpanZ(options):0.#} robust σ"), slowSpanWindows, row),
            _ => "statistical: not scored",
        };

        string WindowReason(string what, WindowSurprise windows, int row)
        {
            var cell = detail[row];
            if (cell < 0)
            {
                // A line alone in every window holding it, scored only where a contamination share flags the least
                // surprising records too.
                return Invariant($"statistical: {what}, none other near it at {columns.ServiceAt(row)} (Poisson surprise {z[row]:0.0})");
            }

            var (start, span) = windows.WindowAt(cell);
            var where = columns.Services[windows.ServiceAt(cell)];
            var own = viaRequest[row] ? " (where the line's request failed)"
                : !viaCallee[row] ? string.Empty
                : ServiceMention.Names(columns.ErrorMessageAt(row), where) ? $" (propagated from callee {where}, which the line names)"
                : $" (propagated from callee {where}; {columns.ServiceAt(row)} itself elevated)";
            return Invariant(
                $"statistical: {windows.CountAt(cell)} {what} at {where} in {span.TotalSeconds:0} s from {start:yyyy-MM-ddTHH:mm:ss}Z against {windows.ExpectedAt(cell):0.##} expected, Poisson surprise {z[row]:0.0} (p = 1e-{z[row]:0.0}){own}");
        }

        // A calibrated test (per-series z limits, family-wise window tests) counts as much as two density rankers. Where
        // the streaming detector judged a reading within its series' usual range (a quiet night at the daytime level, a
        // machine's temperature drifting before it fails) after watching the series for two days or more, its alarm
        // decides: it compares the reading with the series' own past and the same hour of past days, and the density
        // models and the LSTM, which see each reading's features against the segment alone, cannot see that kind of
        // anomaly, so their vote could only outvote it. On a shorter series its calibration rests on a day's readings
        // or fewer, and it is one voice among the models.
        return new ModelOutput(Name, threshold, raw, flags, types, Reason, EnsembleRole.Voter, VoteWeight)
        {
            DecidesAt = Array.ConvertAll(verdictOf, static verdict => verdict is SeriesVerdict.StreamedOverDays or SeriesVerdict.StreamedForItsHour),
        };
    }

    private static string WhyStreamed(SeriesVerdict verdict) => verdict == SeriesVerdict.StreamedForItsHour
        ? "the series repeats daily or weekly, so it is judged against the same hour of past seasons"
        : "the series passes its z limit more than √n times, so it is judged against its own past";

    private static string ConfirmationNote(SeriesVerdict verdict) => verdict switch
    {
        SeriesVerdict.ConfirmedByDetector => "; an irregular series, where the streaming detector (as detect) alarmed in this episode",
        SeriesVerdict.Corroborated => "; an irregular series, where the service's own slow spans, ERROR lines or events corroborate this episode",
        _ => string.Empty,
    };

    private void ScoreRecords(
        RecordFeatureSet features, StatisticalDetectorOptions detectorOptions, string kind, Source source, byte type,
        double[] raw, double[] z, int[] detail, bool[] viaEwma, Source[] sources, byte[] types, CancellationToken cancellationToken)
    {
        var rows = features.Matrix.Rows;
        if (rows == 0)
        {
            return;
        }

        FittedStatisticalDetector fitted;
        using (PipelineTelemetry.StartFit(Name, kind))
        {
            fitted = new StatisticalDetector(detectorOptions).Fit(features.Matrix, cancellationToken);
        }

        var scores = new double[rows];
        var driving = new int[rows];
        var fromEwma = new bool[rows];
        using (PipelineTelemetry.StartScore(Name, kind))
        {
            fitted.Score(features.Matrix, scores, driving, fromEwma);
        }

        var groups = features.Matrix.Groups;
        for (var i = 0; i < rows; i++)
        {
            var row = features.RecordRows[i];
            raw[row] = driving[i] < 0 ? double.NaN : NormalTailRatio(scores[i], fitted.Threshold);
            z[row] = scores[i];
            detail[row] = groups[i];
            viaEwma[row] = fromEwma[i];
            sources[row] = source;
            types[row] = type;
        }
    }

    /// <summary>
    /// A log line below ERROR is, by definition, no part of an ERROR burst: the model says so (score 0) rather than
    /// abstaining, so that the ensemble does not leave WARN and INFO lines to the density models alone.
    /// </summary>
    private static void ScoreNonErrorLogs(TelemetryColumns columns, double[] raw, byte[] types)
    {
        var kinds = columns.Kinds;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Log && double.IsNaN(raw[row]))
            {
                raw[row] = 0;
                types[row] = AnomalyTypeCodes.ErrorLogBurst;
            }
        }
    }

    /// <summary>
    /// Caps a metric reading's score by its effect size |ln(x / level)| / ln(1 + m) with m =
    /// <see cref="DetectorOptions.MetricMinRelativeChange"/>: a reading must be both statistically clear (z beyond its
    /// limit) and a material change against the series' EWMA level (beyond m) to be a spike — when its score comes from
    /// the EWMA residual only. A reading far outside the series' whole range is a spike at any size; one that is only
    /// unusual against the recent level (a 20 % traffic surge on a very regular series is a "6σ" residual) must also
    /// be a material change.
    /// </summary>
    private void ApplyEffectSize(KindFeatureBlock metrics, double[] raw, bool[] viaEwma)
    {
        if (!(options.MetricMinRelativeChange > 0))
        {
            return;
        }

        var column = IndexOf(metrics.Matrix, MetricFeatureBuilder.LogRatio);
        var material = Math.Log(1 + options.MetricMinRelativeChange);
        for (var i = 0; i < metrics.RecordRows.Length; i++)
        {
            var row = metrics.RecordRows[i];
            if (!double.IsNaN(raw[row]) && viaEwma[row])
            {
                raw[row] = Math.Min(raw[row], Math.Abs(metrics.Matrix[i, column]) / material);
            }
        }
    }

    /// <summary>
    /// P(Z &gt; limit) / P(Z &gt; z) by the normal tail's asymptotic form φ(z)/z: (z / limit)·exp((z² − limit²) / 2).
    /// Monotone in z, 1 at the limit, 0 for z ≤ 0.
    /// </summary>
    private static double NormalTailRatio(double z, double limit)
    {
        if (!(z > 0))
        {
            return 0;
        }

        var exponent = (z * z - limit * limit) / 2;
        return exponent > Math.Log(MaxEvidence) ? MaxEvidence : Math.Min(MaxEvidence, z / limit * Math.Exp(exponent));
    }

    private static int IndexOf(FeatureMatrix matrix, string column)
    {
        for (var i = 0; i < matrix.Columns; i++)
        {
            if (matrix.ColumnNames[i] == column)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The feature matrix has no column {column}.");
    }

    /// <summary>
    /// Scores the selected records of a window test: raw = 10^(surprise − threshold), the threshold set by
    /// Benjamini–Hochberg over the tested windows at <see cref="DetectorOptions.CountFalseDiscoveryRate"/>, so 1 is the
    /// threshold. A record whose own window
    /// is only mildly elevated (surprise at least <see cref="DetectorOptions.PropagationSurprise"/>) while a callee's
    /// window of the same grid is significant takes the callee's score: the symptom of a dependency's burst.
    /// </summary>
    private void ScoreWindows(
        WindowSurprise windows, Source source, byte type, double[] raw, double[] z, int[] detail, bool[] viaCallee, bool[] viaRequest, Source[] sources, byte[] types)
    {
        if (windows.SelectedRows.Length == 0)
        {
            return;
        }

        var family = windows.FalseDiscoveryThreshold(options.CountFalseDiscoveryRate, options.CountMinSurprise);
        for (var k = 0; k < windows.SelectedRows.Length; k++)
        {
            var row = windows.SelectedRows[k];
            var own = Math.Max(windows.Own[k], 0);
            var propagated = windows.CalleeCell[k] >= 0 ? windows.FromCallees[k] : 0;
            var fromCallee = propagated > own;
            var evidence = Math.Min(MaxEvidence, Math.Pow(10, Math.Max(own, propagated) - family));
            // A record already scored on its own (a slow span's z) keeps that score where it is the stronger evidence.
            if (evidence <= raw[row])
            {
                continue;
            }

            raw[row] = evidence;
            z[row] = Math.Max(own, propagated);
            detail[row] = fromCallee ? windows.CalleeCell[k] : windows.OwnCell[k];
            viaCallee[row] = fromCallee;
            viaRequest[row] = fromCallee && windows.ViaRequest[k];
            sources[row] = source;
            types[row] = type;
        }
    }

    /// <summary>
    /// A span counts as slow for the burst test one robust σ short of the single-span limit: alone it is no fault (one
    /// in tens of thousands of ordinary spans is that slow), but several at one service within a minute are a latency
    /// fault the single-span limit misses, because a slowdown of a few times is only four or five σ on the spread of
    /// ordinary spans (a log-duration σ of 0.5 is usual: ordinary calls of one operation vary fivefold).
    /// </summary>
    private static double SlowSpanZ(DetectorOptions options) => options.SpanZThreshold - 1;

    /// <summary>
    /// The window test (<see cref="WindowSurprise"/>) of the spans at least <see cref="SlowSpanZ"/> robust σ slow, per
    /// service, against the service's other spans as its traffic: a busy minute has more slow spans without being a
    /// burst of them. <paramref name="z"/> holds the spans' robust z from the span scoring.
    /// </summary>
    private WindowSurprise SlowSpanWindows(TelemetryColumns columns, TraceLinks links, double[] z, Source[] sources)
    {
        var level = SlowSpanZ(options);
        var slow = new List<int>();
        for (var row = 0; row < z.Length; row++)
        {
            if (sources[row] == Source.Span && z[row] >= level)
            {
                slow.Add(row);
            }
        }

        return WindowSurprise.Build(
            columns, links, [.. slow], row => columns.Kinds[row] == (byte)TelemetryKind.Span && !(z[row] >= level),
            TimeSpan.FromSeconds(options.WindowSeconds), options.PropagationSurprise);
    }

    private static double ContaminationOverScored(double[] raw, double contamination)
    {
        var scored = new List<double>(raw.Length);
        foreach (var score in raw)
        {
            if (!double.IsNaN(score))
            {
                scored.Add(score);
            }
        }

        return ContaminationThreshold.FromScores(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scored), contamination);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
