namespace AnomalyPlatform.Generator;

/// <summary>Formats a UTC time as <c>yyyy-MM-ddTHH:mm:ss.fffZ</c> into a span, digit by digit (no culture, no allocation).</summary>
internal static class CsvTimestamp
{
    public const int Length = 24;

    public static void Format(DateTime time, Span<char> destination)
    {
        Digits(destination[..4], time.Year);
        destination[4] = '-';
        Digits(destination.Slice(5, 2), time.Month);
        destination[7] = '-';
        Digits(destination.Slice(8, 2), time.Day);
        destination[10] = 'T';
        Digits(destination.Slice(11, 2), time.Hour);
        destination[13] = ':';
        Digits(destination.Slice(14, 2), time.Minute);
        destination[16] = ':';
        Digits(destination.Slice(17, 2), time.Second);
        destination[19] = '.';
        Digits(destination.Slice(20, 3), time.Millisecond);
        destination[23] = 'Z';
    }

    private static void Digits(Span<char> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (char)('0' + value % 10);
            value /= 10;
        }
    }
}
