using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Text;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// Reads a <c>timestamp,value</c> CSV (the NAB format: <c>2014-04-10 07:15:00,21.5</c>; ISO 8601 with <c>T</c>, fractional
/// seconds or a UTC offset also parse). Every row must parse; nothing is skipped: the first bad row stops the read with a
/// <see cref="TimeSeriesFormatException"/>. Rows are kept in file order, as a stream delivers them: real files repeat a
/// timestamp or step back an hour now and then (NAB's machine_temperature does), so such steps are counted in
/// <see cref="UnivariateSeries.BackwardSteps"/> for the caller to report, not rejected.
/// </summary>
public static class TimeSeriesCsvReader
{
    public const string TimestampColumn = "timestamp";
    public const string ValueColumn = "value";

    private static readonly string[] TimestampFormats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>Reads <paramref name="path"/>; <paramref name="valueColumn"/> lets a scores file (<c>anomaly_score</c>) be read the same way.</summary>
    public static UnivariateSeries Read(string path, string valueColumn = ValueColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (new FileInfo(path).Length == 0 || File.ReadLines(path).FirstOrDefault() is not { } first || string.IsNullOrWhiteSpace(first))
        {
            throw new TimeSeriesFormatException(path, 1, "the file is empty (expected a header timestamp,value)");
        }

        var timestamps = new List<DateTime>();
        var values = new List<double>();
        var timestampTexts = new List<string>();
        var valueTexts = new List<string>();
        var line = 1;
        var backwardSteps = 0;
        try
        {
            using var reader = Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.All }).FromFile(path);
            var timestampColumn = RequireColumn(reader, TimestampColumn, path);
            var column = RequireColumn(reader, valueColumn, path);
            foreach (var row in reader)
            {
                line = row.LineNumberFrom;
                var timestampText = row[timestampColumn].Span;
                if (!DateTime.TryParseExact(timestampText, TimestampFormats, CultureInfo.InvariantCulture,
                        DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp))
                {
                    throw new TimeSeriesFormatException(path, line, $"timestamp '{UntrustedText.Cut(timestampText)}' is not a date and time like 2014-04-10 07:15:00");
                }

                var valueText = row[column].Span;
                if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new TimeSeriesFormatException(path, line, $"{valueColumn} '{UntrustedText.Cut(valueText)}' is not a finite number");
                }

                if (timestamps.Count > 0 && timestamp < timestamps[^1])
                {
                    backwardSteps++;
                }

                timestamps.Add(timestamp);
                values.Add(value);
                timestampTexts.Add(timestampText.ToString());
                valueTexts.Add(valueText.ToString());
            }
        }
        catch (Exception ex) when (ex is not TimeSeriesFormatException and not IOException and not UnauthorizedAccessException)
        {
            // Sep reports structural problems (a row with a different number of fields) with its own exceptions.
            throw new TimeSeriesFormatException(path, line + 1, UntrustedText.Cut(ex.Message), ex);
        }

        if (values.Count == 0)
        {
            throw new TimeSeriesFormatException(path, 2, "the file has a header but no data rows");
        }

        return new UnivariateSeries(path, [.. timestamps], [.. values], [.. timestampTexts], [.. valueTexts])
        {
            BackwardSteps = backwardSteps,
        };
    }

    private static int RequireColumn(SepReader reader, string name, string path) =>
        reader.Header.TryIndexOf(name, out var index)
            ? index
            : throw new TimeSeriesFormatException(path, 1, $"the header has no '{name}' column (found: {UntrustedText.Cut(string.Join(',', reader.Header.ColNames))})");
}
