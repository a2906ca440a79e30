using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The time the records span, and the records far outside the time of the rest: one record stamped 1970 (an unset
/// clock, a zero timestamp) stretches a day's analysis over fifty years and changes what is found, so it is named and
/// left out of the analysis.
/// "Far" is beyond Tukey's far-out fence, more than three interquartile ranges beyond the middle half of the records'
/// times (never less than three hours), and cut off from the rest by a stretch with no record longer than the time the
/// records within the fence span (at least an hour): it scales with the input and needs no setting fitted to one file.
/// The gap matters as much as the fence: a day whose traces stop at noon and whose metrics go on to midnight has most
/// records in the morning, and its evening, minute after minute, is beyond the fence but not cut off.
/// </summary>
/// <param name="Far">Records beyond the fence, in time order.</param>
/// <param name="FarExamples">The first few of them, to name, with the input's record ids (-1 where it had none).</param>
internal sealed record InputTimeRange(DateTime First, DateTime Last, DateTime BulkFrom, DateTime BulkTo, long Far, IReadOnlyList<TelemetryRecord> FarExamples)
{
    private const int ExamplesKept = 5;
    private const int FarOutFence = 3;
    private static readonly TimeSpan SmallestSpread = TimeSpan.FromHours(1);

    /// <param name="ordered">The records in time order.</param>
    public static InputTimeRange? Of(IReadOnlyList<TelemetryRecord> ordered)
    {
        if (ordered.Count == 0)
        {
            return null;
        }

        var (q1, q3) = (ordered[ordered.Count / 4].Timestamp, ordered[ordered.Count * 3 / 4].Timestamp);
        var reach = TimeSpan.FromTicks(Math.Max((q3 - q1).Ticks, SmallestSpread.Ticks) * FarOutFence);
        var from = q1 - DateTime.MinValue > reach ? q1 - reach : DateTime.MinValue;
        var to = DateTime.MaxValue - q3 > reach ? q3 + reach : DateTime.MaxValue;
        // The far records lie at either end of the time order; the quartiles themselves are never far.
        var first = 0;
        while (ordered[first].Timestamp < from)
        {
            first++;
        }

        var last = ordered.Count - 1;
        while (ordered[last].Timestamp > to)
        {
            last--;
        }

        // Beyond the fence but reached from the rest without a gap longer than the rest spans: still part of it.
        var longestGap = TimeSpan.FromTicks(Math.Max((ordered[last].Timestamp - ordered[first].Timestamp).Ticks, SmallestSpread.Ticks));
        while (first > 0 && ordered[first].Timestamp - ordered[first - 1].Timestamp <= longestGap)
        {
            first--;
        }

        while (last < ordered.Count - 1 && ordered[last + 1].Timestamp - ordered[last].Timestamp <= longestGap)
        {
            last++;
        }

        var far = Enumerable.Range(0, first).Concat(Enumerable.Range(last + 1, ordered.Count - 1 - last));
        return new InputTimeRange(
            ordered[0].Timestamp, ordered[^1].Timestamp, ordered[first].Timestamp, ordered[last].Timestamp,
            first + (ordered.Count - 1 - last), [.. far.Take(ExamplesKept).Select(index => ordered[index])]);
    }
}
