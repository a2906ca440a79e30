namespace AnomalyPlatform.Generator;

/// <summary>Time arithmetic on UTC ticks at the millisecond resolution of the CSV files.</summary>
internal static class Ticks
{
    public const long PerMillisecond = TimeSpan.TicksPerMillisecond;
    public const long PerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;
    public const long PerSecond = TimeSpan.TicksPerSecond;

    /// <summary>Rounds down to a whole millisecond, the resolution every emitted timestamp has.</summary>
    public static long FloorMs(long ticks) => ticks - ticks % PerMillisecond;
}
