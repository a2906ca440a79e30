using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// The statistical model of the run (<see cref="ModelNames.Statistical"/>): four <see cref="StatisticalDetector"/>s,
/// one per feature family — metric readings per (service, instance, metric) series, span log-durations per
/// (service, operation), ERROR-log counts and event counts per service window. A record's raw score is its robust z
/// divided by its family's limit, so 1 is the threshold everywhere and the families compare. A window whose count
/// is anomalous passes its score to the records it counted (only the ERROR logs, only the events).
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
    }

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
        var sources = new Source[n];
        var types = new byte[n];
        Array.Fill(types, ModelOutput.NoType);

        var metrics = SeriesFeatures.Metrics(columns);
        ScoreRecords(metrics, new StatisticalDetectorOptions
        {
            ZThreshold = options.MetricZThreshold,
            EwmaAlpha = options.EwmaAlpha,
            MinGroupSize = options.MinSeriesLength,
        }, Source.Metric, AnomalyTypeCodes.MetricSpike, raw, z, detail, viaEwma, sources, types, cancellationToken);

        var spans = SeriesFeatures.SpanDurations(columns);
        ScoreRecords(spans, new StatisticalDetectorOptions
        {
            ZThreshold = options.SpanZThreshold,
            MinGroupSize = options.MinSeriesLength,
        }, Source.Span, AnomalyTypeCodes.MetricSpike, raw, z, detail, viaEwma, sources, types, cancellationToken);

        var width = TimeSpan.FromSeconds(options.WindowSeconds);
        var errorWindows = WindowCountFeatures.Build(columns, SelectRows(columns, IsErrorLog), width);
        ScoreWindows(errorWindows, Source.ErrorWindow, AnomalyTypeCodes.ErrorLogBurst, raw, z, detail, sources, types, cancellationToken);
        var eventWindows = WindowCountFeatures.Build(columns, SelectRows(columns, IsEvent), width);
        ScoreWindows(eventWindows, Source.EventWindow, AnomalyTypeCodes.NoisyEvent, raw, z, detail, sources, types, cancellationToken);

        var threshold = options.Contamination is { } contamination ? ContaminationOverScored(raw, contamination) : 1.0;
        var flags = new bool[n];
        for (var row = 0; row < n; row++)
        {
            flags[row] = raw[row] > threshold;
        }

        string Reason(int row) => sources[row] switch
        {
            Source.Metric => Invariant(
                $"statistical: {(viaEwma[row] ? "EWMA residual" : "robust")} z={z[row]:0.0} on {metrics.GroupLabels[detail[row]]} (value {columns.Values[row]:0.###})"),
            Source.Span => Invariant(
                $"statistical: span duration {columns.Values[row]:0.###} ms, robust z={z[row]:0.0} on log duration of {spans.GroupLabels[detail[row]]}"),
            Source.ErrorWindow => WindowReason("ERROR logs", errorWindows, row),
            Source.EventWindow => WindowReason("events", eventWindows, row),
            _ => "statistical: not scored",
        };

        string WindowReason(string what, WindowCountFeatures windows, int row)
        {
            var (start, span) = windows.WindowAt(detail[row]);
            return Invariant(
                $"statistical: {windows.CountAt(detail[row])} {what} at {columns.ServiceAt(row)} in {span.TotalSeconds:0} s from {start:yyyy-MM-ddTHH:mm:ss}Z, robust z={z[row]:0.0} on window counts");
        }

        return new ModelOutput(Name, threshold, raw, flags, types, Reason);
    }

    private void ScoreRecords(
        RecordFeatureSet features, StatisticalDetectorOptions detectorOptions, Source source, byte type,
        double[] raw, double[] z, int[] detail, bool[] viaEwma, Source[] sources, byte[] types, CancellationToken cancellationToken)
    {
        var rows = features.Matrix.Rows;
        if (rows == 0)
        {
            return;
        }

        var fitted = new StatisticalDetector(detectorOptions).Fit(features.Matrix, cancellationToken);
        var scores = new double[rows];
        var driving = new int[rows];
        var fromEwma = new bool[rows];
        fitted.Score(features.Matrix, scores, driving, fromEwma);
        var groups = features.Matrix.Groups;
        for (var i = 0; i < rows; i++)
        {
            var row = features.RecordRows[i];
            raw[row] = driving[i] < 0 ? double.NaN : scores[i] / fitted.Threshold;
            z[row] = scores[i];
            detail[row] = groups[i];
            viaEwma[row] = fromEwma[i];
            sources[row] = source;
            types[row] = type;
        }
    }

    private void ScoreWindows(
        WindowCountFeatures windows, Source source, byte type,
        double[] raw, double[] z, int[] detail, Source[] sources, byte[] types, CancellationToken cancellationToken)
    {
        if (windows.RecordRows.Length == 0)
        {
            return;
        }

        var fitted = new StatisticalDetector(new StatisticalDetectorOptions
        {
            ZThreshold = options.CountZThreshold,
            MinScale = 1.0,
            MinGroupSize = options.MinSeriesLength,
        }).Fit(windows.Matrix, cancellationToken);
        var windowScores = new double[windows.Matrix.Rows];
        var driving = new int[windows.Matrix.Rows];
        fitted.Score(windows.Matrix, windowScores, driving);
        for (var k = 0; k < windows.RecordRows.Length; k++)
        {
            var row = windows.RecordRows[k];
            var best = -1;
            for (var grid = 0; grid < windows.GridCount; grid++)
            {
                var window = windows.WindowRowOf(grid, k);
                if (driving[window] >= 0 && (best < 0 || windowScores[window] > windowScores[best]))
                {
                    best = window;
                }
            }

            if (best < 0)
            {
                continue;
            }

            raw[row] = windowScores[best] / fitted.Threshold;
            z[row] = windowScores[best];
            detail[row] = best;
            sources[row] = source;
            types[row] = type;
        }
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

    private static int[] SelectRows(TelemetryColumns columns, Func<TelemetryColumns, int, bool> predicate)
    {
        var rows = new List<int>();
        for (var row = 0; row < columns.Count; row++)
        {
            if (predicate(columns, row))
            {
                rows.Add(row);
            }
        }

        return [.. rows];
    }

    private static bool IsErrorLog(TelemetryColumns columns, int row) =>
        columns.Kinds[row] == (byte)TelemetryKind.Log && columns.Levels[row] == (byte)LogLevel.Error;

    private static bool IsEvent(TelemetryColumns columns, int row) => columns.Kinds[row] == (byte)TelemetryKind.Event;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
