using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Output;
using nietras.SeparatedValues;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Feeds a report from a run folder's <c>synthetic_data.csv</c>: one pass, parsing a row's time and value only when it
/// is a metric (a third of the rows), a span of an operation the report draws or an ERROR line or event it counts, on
/// every core, so a million-record file takes a fraction of a second. No file, no series.
/// </summary>
public sealed class SyntheticDataSource(string directory) : IReportTelemetrySource
{
    private const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public Task FeedAsync(ReportTelemetry telemetry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(telemetry);
        var path = Path.Combine(directory, OutputFiles.SyntheticData);
        if (File.Exists(path))
        {
            Feed(path, telemetry, cancellationToken);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// What a row of the file gives the report: nothing (not a metric, or a span, line or event not drawn), its time
    /// only (a metric of a service not drawn), or a reading, a drawn span's duration, a counted ERROR line or event.
    /// </summary>
    private readonly record struct DrawnRow(DateTime Timestamp, string? Service, string? Name, long RecordId, double Value, TelemetryKind Kind, string? Instance = null);

    // Runs once per report over a million rows: compiled optimised at once, not first as the unoptimised tier that a
    // method called once starts in (that alone tripled the time of a report written right after a run).
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Feed(string path, ReportTelemetry telemetry, CancellationToken cancellationToken)
    {
        // No unescaping: the columns read here are never quoted by the generator, and unescaping every message costs.
        using var reader = Sep.New(',').Reader(o => o with { Unescape = false }).FromFile(path);
        var (id, time, kind, service, instance, name, value, level) = (
            reader.Header.IndexOf("record_id"), reader.Header.IndexOf("timestamp"), reader.Header.IndexOf("kind"), reader.Header.IndexOf("service"),
            reader.Header.IndexOf("instance"), reader.Header.IndexOf("name"), reader.Header.IndexOf("value"), reader.Header.IndexOf("level"));
        var names = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);

        // Rows are parsed on every core, in batches, and come back in file order (Sep's ParallelEnumerate is ordered),
        // so the series are fed exactly as a single pass would feed them. The parse reads the telemetry's wanted
        // services only, which no one changes while it runs.
        bool Parse(SepReader.Row row, out DrawnRow parsed)
        {
            parsed = default;
            var rowKind = row[kind].Span;
            if (rowKind.SequenceEqual("span"))
            {
                return ParseSpan(row, out parsed);
            }

            if (rowKind.SequenceEqual("log") || rowKind.SequenceEqual("event"))
            {
                return ParseCounted(row, rowKind[0] == 'l' ? TelemetryKind.Log : TelemetryKind.Event, out parsed);
            }

            if (!rowKind.SequenceEqual("metric") || !TryTime(row[time].Span, out var timestamp))
            {
                return false;
            }

            var serviceName = Intern(names, row[service].Span);
            if (!telemetry.Wants(serviceName))
            {
                parsed = new DrawnRow(timestamp, null, null, 0, 0, TelemetryKind.Metric);
                return true;
            }

            if (!long.TryParse(row[id].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var recordId)
                || !double.TryParse(row[value].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var reading))
            {
                return false;
            }

            // The instance is read only where the report draws one instance's line (a candidate's named instance).
            var instanceName = telemetry.WantsInstances(serviceName) ? Intern(names, row[instance].Span) : string.Empty;
            parsed = new DrawnRow(timestamp, serviceName, Intern(names, row[name].Span), recordId, reading, TelemetryKind.Metric, instanceName);
            return true;
        }

        // Two rows in three are spans or logs: a span is parsed no further than it takes to know it is not drawn.
        bool ParseSpan(SepReader.Row row, out DrawnRow parsed)
        {
            parsed = default;
            var serviceName = Intern(names, row[service].Span);
            if (!telemetry.Wants(serviceName))
            {
                return false;
            }

            var operation = Intern(names, row[name].Span);
            if (!telemetry.WantsSpans(serviceName, operation)
                || !TryTime(row[time].Span, out var timestamp)
                || !long.TryParse(row[id].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var recordId)
                || !double.TryParse(row[value].Span, NumberStyles.Float, CultureInfo.InvariantCulture, out var duration))
            {
                return false;
            }

            parsed = new DrawnRow(timestamp, serviceName, operation, recordId, duration, TelemetryKind.Span);
            return true;
        }

        // A log line counts when it is an ERROR line of a service whose lines are drawn; an event when its name is drawn.
        bool ParseCounted(SepReader.Row row, TelemetryKind rowKind, out DrawnRow parsed)
        {
            parsed = default;
            var serviceName = Intern(names, row[service].Span);
            string? eventName = null;
            var counted = rowKind == TelemetryKind.Log
                ? telemetry.WantsErrorLines(serviceName) && row[level].Span.SequenceEqual("ERROR")
                : telemetry.WantsEvents(serviceName, eventName = Intern(names, row[name].Span));
            if (!counted
                || !TryTime(row[time].Span, out var timestamp)
                || !long.TryParse(row[id].Span, NumberStyles.None, CultureInfo.InvariantCulture, out var recordId))
            {
                return false;
            }

            parsed = new DrawnRow(timestamp, serviceName, eventName, recordId, 0, rowKind);
            return true;
        }

        var rows = 0;
        foreach (var row in reader.ParallelEnumerate<DrawnRow>(Parse))
        {
            if (++rows % 65536 == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (row.Service is null)
            {
                telemetry.See(row.Timestamp);
            }
            else if (row.Kind == TelemetryKind.Metric)
            {
                telemetry.AddMetric(row.RecordId, row.Timestamp, row.Service, row.Instance!, row.Name!, row.Value);
            }
            else if (row.Kind == TelemetryKind.Span)
            {
                telemetry.AddSpan(row.RecordId, row.Timestamp, row.Service, row.Name!, row.Value);
            }
            else if (row.Kind == TelemetryKind.Log)
            {
                telemetry.AddLog(row.RecordId, row.Timestamp, row.Service, LogLevel.Error);
            }
            else
            {
                telemetry.AddEvent(row.Timestamp, row.Service, row.Name!);
            }
        }
    }

    /// <summary>
    /// The generator's fixed layout (<c>2026-01-05T00:00:00.000Z</c>) read digit by digit: ten times faster than
    /// <see cref="DateTime.TryParseExact(ReadOnlySpan{char}, ReadOnlySpan{char}, IFormatProvider?, DateTimeStyles, out DateTime)"/>,
    /// which is the cost that matters over a third of a million metric rows. Any other layout goes to the general parser.
    /// </summary>
    internal static bool TryTime(ReadOnlySpan<char> text, out DateTime timestamp)
    {
        if (text.Length == 24 && text[4] == '-' && text[7] == '-' && text[10] == 'T' && text[13] == ':' && text[16] == ':' && text[19] == '.' && text[23] == 'Z')
        {
            var (year, month, day) = (Digits(text[..4]), Digits(text[5..7]), Digits(text[8..10]));
            var (hour, minute, second, millisecond) = (Digits(text[11..13]), Digits(text[14..16]), Digits(text[17..19]), Digits(text[20..23]));
            if (year >= 1 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                && hour is >= 0 and < 24 && minute is >= 0 and < 60 && second is >= 0 and < 60 && millisecond >= 0)
            {
                timestamp = new DateTime(year, month, day, hour, minute, second, millisecond, DateTimeKind.Utc);
                return true;
            }
        }

        return DateTime.TryParseExact(text, TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }

    /// <summary>The value of a run of ASCII digits; -1 when one is not a digit.</summary>
    private static int Digits(ReadOnlySpan<char> text)
    {
        var value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return -1;
            }

            value = value * 10 + (c - '0');
        }

        return value;
    }

    // Service and metric names repeat on every row; one string each keeps the series' keys from allocating per row.
    private static string Intern(ConcurrentDictionary<string, string> names, ReadOnlySpan<char> text)
    {
        var lookup = names.GetAlternateLookup<ReadOnlySpan<char>>();
        if (!lookup.TryGetValue(text, out var name))
        {
            name = names.GetOrAdd(text.ToString(), static key => key);
        }

        return name;
    }
}
