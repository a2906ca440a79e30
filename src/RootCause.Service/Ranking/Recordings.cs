namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// The stretches of a run that a pause of <see cref="Pause"/> or more without a single record separates, each lasting
/// an hour or more itself: separate recordings, such as two days' telemetry in one input. An incident's behaviour
/// change is measured against its own recording, not the whole input: another day's load, deployments and faults are
/// no reference for what this one made ordinary (the two Train Ticket days as one input ranked one fault fewer first
/// and two fewer in the top three, a CPU peak of one day "reached before" on the other, whose faults hit the same
/// services). A continuous input is one recording, whatever its length, and so is telemetry read hourly or more
/// rarely, whose every reading stands alone between pauses: a stretch shorter than the pause is no recording but part
/// of the one before.
/// </summary>
public static class Recordings
{
    /// <summary>
    /// The shortest pause without a single record that separates two recordings: an estate scraped every minute that
    /// reports nothing for an hour was not being recorded, where a collector's hiccup or a quiet night leaves minutes.
    /// </summary>
    public static readonly TimeSpan Pause = TimeSpan.FromHours(1);

    /// <summary>Each recording's first and last minute (<see cref="MinuteSeries.MinuteOf"/>), in time order, from the minutes that hold a reading.</summary>
    public static List<(long First, long Last)> Of(IEnumerable<long> minutes)
    {
        ArgumentNullException.ThrowIfNull(minutes);
        var sorted = minutes.Distinct().Order().ToList();
        var recordings = new List<(long First, long Last)>();
        var from = 0;
        foreach (var start in Starts(sorted, Pause.Ticks / TimeSpan.TicksPerMinute).Append(sorted.Count))
        {
            if (start > from)
            {
                recordings.Add((sorted[from], sorted[start - 1]));
            }

            from = start;
        }

        return recordings;
    }

    /// <summary>
    /// The index of each of <paramref name="times"/> (ascending, in any unit) after the first that begins a recording:
    /// it follows a pause of <paramref name="pause"/> or more (in the same unit), and both the recording it ends and the
    /// one it begins last <paramref name="pause"/> or more, a shorter stretch joining the one before it (or, the first,
    /// the one after).
    /// </summary>
    public static List<int> Starts(IReadOnlyList<long> times, long pause)
    {
        ArgumentNullException.ThrowIfNull(times);
        var stretches = new List<int> { 0 };
        for (var i = 1; i < times.Count; i++)
        {
            if (times[i] - times[i - 1] >= pause)
            {
                stretches.Add(i);
            }
        }

        stretches.Add(times.Count);
        var starts = new List<int>();
        var current = 0;
        for (var k = 1; k < stretches.Count - 1; k++)
        {
            var next = stretches[k];
            var nextEnd = stretches[k + 1];
            if (times[next - 1] - times[current] >= pause && times[nextEnd - 1] - times[next] >= pause)
            {
                starts.Add(next);
                current = next;
            }
        }

        return starts;
    }
}
