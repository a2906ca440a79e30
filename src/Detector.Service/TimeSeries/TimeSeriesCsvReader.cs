using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Compression;
using AnomalyPlatform.ServiceDefaults.Text;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// Reads a <c>timestamp,value</c> CSV (the NAB format: <c>2014-04-10 07:15:00,21.5</c>; ISO 8601 with <c>T</c>, fractional
/// seconds or a UTC offset, and Unix time also parse, see <see cref="SeriesTimestamp"/>; the header's names in any letter
/// case, as exports write <c>Timestamp</c>). A row
/// whose value is empty, NaN or another export's marker for a missing value (<see cref="MissingValueText"/>) is a
/// reading not taken: it is left out and counted in
/// <see cref="UnivariateSeries.MissingValues"/> (the first lines named) for the caller to report. Any other row must
/// parse: the first bad row stops the read with a <see cref="TimeSeriesFormatException"/>. Rows are kept in file order,
/// as a stream delivers them: real files repeat a timestamp or step back an hour now and then (NAB's
/// machine_temperature does), so such steps are counted in <see cref="UnivariateSeries.BackwardSteps"/> for the caller
/// to report, not rejected.
/// </summary>
public static class TimeSeriesCsvReader
{
    public const string TimestampColumn = "timestamp";
    public const string ValueColumn = "value";

    /// <summary>How many of the rows left out for a missing value are named by line.</summary>
    private const int NamedMissingLines = 10;

    /// <summary>The text read ahead to see that the file has a header line.</summary>
    private const int HeadBytes = 4096;

    /// <summary>
    /// Reads <paramref name="path"/>; <paramref name="valueColumn"/> and <paramref name="timestampColumn"/> let a file of
    /// several columns (an export with <c>time,cpu,memory</c>, a scores file's <c>anomaly_score</c>) be read the same way.
    /// </summary>
    public static UnivariateSeries Read(string path, string valueColumn = ValueColumn, string timestampColumn = TimestampColumn)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var timestamps = new List<DateTime>();
        var values = new List<double>();
        var timestampTexts = new List<string>();
        var valueTexts = new List<string>();
        var line = 1;
        var backwardSteps = 0;
        var firstBackwardLine = 0;
        var repeatedTimestamps = 0;
        var firstRepeatedLine = 0;
        var missing = 0;
        var firstMissing = new List<int>();
        try
        {
            using var reader = Open(path);
            var timestampIndex = RequireColumn(reader, timestampColumn, path);
            var column = RequireColumn(reader, valueColumn, path);
            foreach (var row in reader)
            {
                line = row.LineNumberFrom;
                if (IsBlankLine(row, reader, path))
                {
                    continue;
                }

                var timestampText = row[timestampIndex].Span;
                var timestamp = ReadTimestamp(timestampText, path, line);

                var valueText = row[column].Span;
                if (MissingValueText.IsMissing(valueText))
                {
                    // A reading not taken (an exporter's empty cell, NaN, null): the series goes on without it, as a stream would.
                    missing++;
                    if (firstMissing.Count < NamedMissingLines)
                    {
                        firstMissing.Add(line);
                    }

                    continue;
                }

                if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
                {
                    throw new TimeSeriesFormatException(path, line, $"{valueColumn} '{UntrustedText.Cut(valueText)}' is not a finite number");
                }

                if (timestamps.Count > 0 && timestamp < timestamps[^1])
                {
                    backwardSteps++;
                    firstBackwardLine = firstBackwardLine == 0 ? line : firstBackwardLine;
                }
                else if (timestamps.Count > 0 && timestamp == timestamps[^1])
                {
                    repeatedTimestamps++;
                    firstRepeatedLine = firstRepeatedLine == 0 ? line : firstRepeatedLine;
                }

                timestamps.Add(timestamp);
                values.Add(value);
                timestampTexts.Add(timestampText.ToString());
                valueTexts.Add(valueText.ToString());
            }
        }
        catch (GzipDataException ex)
        {
            // The file's text stops short or is corrupt: its message says where; the rows before it are not the series.
            throw new TimeSeriesFormatException(path, line, ex.Message, ex);
        }
        catch (Exception ex) when (ex is not TimeSeriesFormatException and not IOException and not UnauthorizedAccessException)
        {
            // Sep reports structural problems (a row with a different number of fields) with its own exceptions.
            throw new TimeSeriesFormatException(path, line + 1, UntrustedText.Cut(ex.Message), ex);
        }

        if (values.Count == 0)
        {
            throw new TimeSeriesFormatException(path, 2, missing > 0
                ? $"no row has a value ({missing} rows with no value: {MissingValueText.Described})"
                : "the file has a header but no data rows");
        }

        return new UnivariateSeries(path, [.. timestamps], [.. values], [.. timestampTexts], [.. valueTexts])
        {
            BackwardSteps = backwardSteps,
            FirstBackwardLine = firstBackwardLine,
            RepeatedTimestamps = repeatedTimestamps,
            FirstRepeatedLine = firstRepeatedLine,
            MissingValues = missing,
            FirstMissingLines = firstMissing,
        };
    }

    /// <summary>
    /// A reader of the file as this reader reads it: gzip or plain (told by its first bytes, as <c>analyze</c> tells
    /// them), read once, front to back, so that a pipe (<c>/dev/stdin</c>) serves as well as a file; quotes removed,
    /// fields trimmed, every row's field count checked by <see cref="IsBlankLine"/>. A file whose first line is empty is
    /// refused here.
    /// </summary>
    internal static SepReader Open(string path)
    {
        var text = OpenText(path);
        if (IsBlank(FirstLine(text.Head)))
        {
            text.Dispose();
            throw new TimeSeriesFormatException(path, 1, "the file is empty (expected a header timestamp,value)");
        }

        return Sep.New(',').Reader(o => o with { Unescape = true, Trim = SepTrim.All, DisableColCountCheck = true }).From(text);
    }

    /// <summary>
    /// True for an empty line (exports often end with one or two), which is no row and is skipped; a row with another
    /// number of fields than the header stops the read at its line: a missing field, or a value written with a
    /// thousands separator (<c>1,234.5</c>) that would otherwise be read as 1.
    /// </summary>
    internal static bool IsBlankLine(SepReader.Row row, SepReader reader, string path)
    {
        if (row.ColCount == 1 && row[0].Span.IsWhiteSpace())
        {
            return true;
        }

        var expected = reader.Header.ColNames.Count;
        return row.ColCount == expected
            ? false
            : throw new TimeSeriesFormatException(path, row.LineNumberFrom, $"the row has {row.ColCount} field(s) where the header has {expected} ('{UntrustedText.Cut(row.Span)}')");
    }

    /// <summary>The file's text with its first bytes read ahead (enough for any header line worth reading).</summary>
    private static PeekedStream OpenText(string path)
    {
        var file = PeekedStream.Of(File.OpenRead(path), 2);
        // Checked whole, as analyze reads gzip: a plain GZipStream ends quietly where a cut-off file stops, and half a
        // series would be scored as the whole.
        Stream text = file.Head is [0x1f, 0x8b] ? new CheckedGzipStream(file) : file;
        try
        {
            return PeekedStream.Of(text, HeadBytes);
        }
        catch
        {
            text.Dispose();
            throw;
        }
    }

    private static ReadOnlySpan<byte> FirstLine(ReadOnlySpan<byte> head) =>
        head.IndexOfAny((byte)'\n', (byte)'\r') is var end and >= 0 ? head[..end] : head;

    /// <summary>Nothing but spaces, tabs and a byte-order mark (whose three bytes are trimmed with them).</summary>
    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\uFEFF"u8).IsEmpty;

    /// <summary>A timestamp <see cref="SeriesTimestamp"/> reads, as UTC; anything else stops the read at its line.</summary>
    internal static DateTime ReadTimestamp(ReadOnlySpan<char> text, string path, int line) =>
        SeriesTimestamp.TryRead(text, out var reason) is { } timestamp
            ? timestamp
            : throw new TimeSeriesFormatException(path, line, $"timestamp '{UntrustedText.Cut(text)}' {reason}");

    /// <summary>The index of the column named <paramref name="name"/> in any letter case, or -1.</summary>
    internal static int ColumnIndex(SepReader reader, string name)
    {
        var names = reader.Header.ColNames;
        for (var i = 0; i < names.Count; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The column named <paramref name="name"/> in any letter case (exports write Timestamp, TimeStamp, Value).</summary>
    private static int RequireColumn(SepReader reader, string name, string path) =>
        ColumnIndex(reader, name) is var index and >= 0
            ? index
            : throw new TimeSeriesFormatException(path, 1, $"the header has no '{name}' column (found: {UntrustedText.Cut(string.Join(',', reader.Header.ColNames))})")
            {
                MissingColumn = name,
            };
}
