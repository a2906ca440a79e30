using System.Globalization;
using AnomalyPlatform.Detector.TimeSeries;
using AnomalyPlatform.ServiceDefaults.Text;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// Anomaly windows drawn from a series' own point labels (a <c>label</c> column, 1 on an anomalous reading), as NAB draws
/// its windows around its labelled points: each run of consecutive labelled readings is centred in a window of 10 % of
/// the file's rows divided by the number of runs (at least the run itself), and windows that overlap are merged. This is
/// how monitoring teams' labelled exports (Microsoft's cloud monitoring dataset, say) are scored like NAB's files.
/// </summary>
public static class NabPointLabels
{
    public const string LabelColumn = "label";

    /// <summary>NAB's window length: this share of the file's rows, divided among its anomalies.</summary>
    private const double WindowShare = 0.1;

    /// <summary>
    /// The windows of one point-labelled file, read in one pass; false for a file with no <c>label</c> column (any letter
    /// case) or that is no CSV (reading it as a series names what is wrong with it). A label counts as anomalous when it
    /// reads 1 (or true); a row without a readable timestamp stops the read with the file and line.
    /// </summary>
    public static bool TryRead(string path, out IReadOnlyList<NabWindow> windows)
    {
        windows = [];
        SepReader reader;
        try
        {
            reader = TimeSeriesCsvReader.Open(path);
        }
        catch (Exception ex) when (ex is not IOException and not UnauthorizedAccessException)
        {
            return false;
        }

        var times = new List<DateTime>();
        var anomalous = new List<bool>();
        var line = 1;
        using (reader)
        {
            var label = TimeSeriesCsvReader.ColumnIndex(reader, LabelColumn);
            if (label < 0)
            {
                return false;
            }

            var timestamp = TimeSeriesCsvReader.ColumnIndex(reader, TimeSeriesCsvReader.TimestampColumn);
            if (timestamp < 0)
            {
                throw new TimeSeriesFormatException(path, 1, $"the header has a '{LabelColumn}' column but no '{TimeSeriesCsvReader.TimestampColumn}' (found: {UntrustedText.Cut(string.Join(',', reader.Header.ColNames))})");
            }

            try
            {
                foreach (var row in reader)
                {
                    line = row.LineNumberFrom;
                    if (TimeSeriesCsvReader.IsBlankLine(row, reader, path))
                    {
                        continue;
                    }

                    times.Add(TimeSeriesCsvReader.ReadTimestamp(row[timestamp].Span, path, line));
                    anomalous.Add(IsAnomalous(row[label].Span));
                }
            }
            catch (Exception ex) when (ex is not TimeSeriesFormatException and not IOException and not UnauthorizedAccessException)
            {
                // Sep reports structural problems (a row with a different number of fields) with its own exceptions.
                throw new TimeSeriesFormatException(path, line + 1, UntrustedText.Cut(ex.Message), ex);
            }
        }

        windows = [.. Draw(anomalous).Select(w => new NabWindow(times[w.Start], times[w.End]))];
        return true;
    }

    /// <summary>The windows, as first and last row, for the runs of labelled rows (in row order).</summary>
    internal static List<(int Start, int End)> Draw(IReadOnlyList<bool> anomalous)
    {
        var runs = new List<(int Start, int End)>();
        for (var i = 0; i < anomalous.Count; i++)
        {
            if (!anomalous[i])
            {
                continue;
            }

            var end = i;
            while (end + 1 < anomalous.Count && anomalous[end + 1])
            {
                end++;
            }

            runs.Add((i, end));
            i = end;
        }

        var windows = new List<(int Start, int End)>();
        if (runs.Count == 0)
        {
            return windows;
        }

        var width = Math.Max(1, (int)(WindowShare * anomalous.Count / runs.Count));
        foreach (var (start, end) in runs)
        {
            var centre = (start + end) / 2.0;
            var half = Math.Max(width / 2.0, (end - start) / 2.0);
            var from = Math.Max(0, (int)(centre - half));
            var to = Math.Min(anomalous.Count - 1, (int)(centre + half));
            if (windows.Count > 0 && from <= windows[^1].End)
            {
                windows[^1] = (windows[^1].Start, Math.Max(windows[^1].End, to));
            }
            else
            {
                windows.Add((from, to));
            }
        }

        return windows;
    }

    private static bool IsAnomalous(ReadOnlySpan<char> label) =>
        label.Equals("true", StringComparison.OrdinalIgnoreCase)
        || (double.TryParse(label, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value == 1);
}
