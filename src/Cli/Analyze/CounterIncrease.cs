namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// What a cumulative series counted between two of its readings, as the amount of its usual interval: a scrape or an
/// export missed makes the next reading's increase cover several intervals, which read as it is would be a spike of
/// traffic that never happened; a reading written early would be a dip. One definition for a CSV's counters
/// (<see cref="CounterSeries"/>) and OTLP's cumulative sums and distributions (<see cref="CumulativePoints"/>).
/// </summary>
internal static class CounterIncrease
{
    /// <summary>The increase from <paramref name="before"/> to <paramref name="now"/> (a fall is a restart: all counted since) over the usual interval.</summary>
    /// <param name="elapsed">Time between the two readings.</param>
    /// <param name="usual">The series' usual time between readings, in the unit of <paramref name="elapsed"/> (<see cref="UsualInterval"/>); zero when it has none.</param>
    public static double Of(double before, double now, long elapsed, long usual) =>
        Scaled(now >= before ? now - before : now, elapsed, usual);

    /// <summary>An amount counted over <paramref name="elapsed"/>, as over <paramref name="usual"/>; as it is where either is unknown (readings of one instant).</summary>
    public static double Scaled(double amount, long elapsed, long usual) =>
        elapsed > 0 && usual > 0 && elapsed != usual ? amount * ((double)usual / elapsed) : amount;

    /// <summary>A series' usual time between readings: the median of the gaps between its consecutive readings (readings of one instant left out); 0 with none.</summary>
    public static long UsualInterval(IEnumerable<long> gaps)
    {
        var sorted = gaps.Where(static gap => gap > 0).Order().ToList();
        // The lower middle of an even count: of a one-minute gap and a two-minute one (a reading missed), the minute.
        return sorted.Count == 0 ? 0 : sorted[(sorted.Count - 1) / 2];
    }
}
