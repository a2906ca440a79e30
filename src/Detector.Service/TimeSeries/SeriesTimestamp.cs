using System.Globalization;

namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// A series file's timestamp: a date and time (NAB's <c>2014-04-10 07:15:00</c>, ISO 8601 with <c>T</c>, fractional
/// seconds or a UTC offset), or Unix time as exporters write it (Prometheus' HTTP API <c>1600000000.123</c> seconds, many
/// others milliseconds, or micro- or nanoseconds), its unit told by its size.
/// </summary>
public static class SeriesTimestamp
{
    /// <summary>
    /// The smallest number read as Unix time, 1973-03-03 in seconds. A smaller one is more likely a row number or an
    /// offset than a moment in 1970, and reading it as seconds would make a series of row numbers look sampled every
    /// second.
    /// </summary>
    public const double SmallestUnixTime = 1e8;

    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ss.FFFFFFF",
        "yyyy-MM-ddTHH:mm:ssK", "yyyy-MM-ddTHH:mm:ss.FFFFFFFK", "yyyy-MM-dd HH:mm:ssK", "yyyy-MM-dd HH:mm", "yyyy-MM-dd",
    ];

    /// <summary>
    /// Seconds, milliseconds, microseconds and nanoseconds since 1970 lie in separate ranges of size for any moment from
    /// 1973 to 5138 (below 1e11, 1e14, 1e17 and from there on), so one number is enough to tell its unit.
    /// </summary>
    private static readonly (double Below, double TicksPerUnit)[] UnixUnits =
    [
        (1e11, TimeSpan.TicksPerSecond),
        (1e14, TimeSpan.TicksPerMillisecond),
        (1e17, TimeSpan.TicksPerMicrosecond),
        (double.PositiveInfinity, 1.0 / TimeSpan.NanosecondsPerTick),
    ];

    /// <summary>The moment <paramref name="text"/> names, in UTC; null with <paramref name="reason"/> when it names none.</summary>
    public static DateTime? TryRead(ReadOnlySpan<char> text, out string reason)
    {
        reason = string.Empty;
        if (DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var timestamp))
        {
            return timestamp;
        }

        if (!IsUnsignedDecimal(text) || !double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            reason = "is not a date and time like 2014-04-10 07:15:00 (or Unix time, such as 1397114100)";
            return null;
        }

        if (number < SmallestUnixTime)
        {
            reason = $"is a number below {SmallestUnixTime:0} (1973-03-03 in Unix seconds): give times as dates like 2014-04-10 07:15:00 or as Unix time";
            return null;
        }

        var ticksPerUnit = UnixUnits.First(unit => number < unit.Below).TicksPerUnit;
        var ticks = number * ticksPerUnit;
        if (ticks >= (DateTime.MaxValue - DateTime.UnixEpoch).Ticks)
        {
            reason = "is Unix time beyond the year 9999";
            return null;
        }

        return DateTime.UnixEpoch.AddTicks((long)Math.Round(ticks));
    }

    /// <summary>Digits with at most one decimal point: no sign, exponent or separator, which would make a row number of a date's digits.</summary>
    private static bool IsUnsignedDecimal(ReadOnlySpan<char> text)
    {
        var points = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                points++;
            }
            else if (char.IsAsciiDigit(c))
            {
                digits++;
            }
            else
            {
                return false;
            }
        }

        return digits > 0 && points <= 1;
    }
}
