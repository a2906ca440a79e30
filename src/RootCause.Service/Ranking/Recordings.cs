namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// The stretches of a run's minutes that no pause of <see cref="Pause"/> or more interrupts: separate recordings, such
/// as two days' telemetry in one input. An incident's behaviour change is measured against its own recording, not the
/// whole input: another day's load, deployments and faults are no reference for what this one made ordinary (the two
/// Train Ticket days as one input ranked one fault fewer first and two fewer in the top three, a CPU peak of one day
/// "reached before" on the other, whose faults hit the same services). A continuous input is one recording, whatever
/// its length.
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
        var pause = Pause.Ticks / TimeSpan.TicksPerMinute;
        var recordings = new List<(long First, long Last)>();
        foreach (var minute in sorted)
        {
            if (recordings.Count > 0 && minute - recordings[^1].Last < pause)
            {
                recordings[^1] = (recordings[^1].First, minute);
            }
            else
            {
                recordings.Add((minute, minute));
            }
        }

        return recordings;
    }
}
