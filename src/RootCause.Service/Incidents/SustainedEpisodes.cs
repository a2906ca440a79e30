using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>
/// Decides which anomalies belong to a sustained episode of their service instance and signal family, the part of an
/// incident that shapes it and marks onsets. An episode is a run of strong anomalies (confidence at least
/// <c>strongConfidence</c>) at most <c>episodeGap</c> apart (<c>logEpisodeGap</c> after a log line). It is sustained
/// when it holds at least <c>minEpisodeAnomalies</c> of them (or <see cref="MinMetricReadings"/> metric readings; the
/// metric anomalies of one minute count once) over at least <c>minEpisode</c>, or when it is echoed: a shorter run at a
/// callee whose callers turn slow or failing, for minutes, from the moment it began is the fault their episodes echo,
/// not a point anomaly.
/// </summary>
internal sealed class SustainedEpisodes(
    double strongConfidence,
    TimeSpan episodeGap,
    TimeSpan logEpisodeGap,
    TimeSpan minEpisode,
    int minEpisodeAnomalies)
{
    /// <summary>
    /// How much earlier than the callee's episode an echoing caller episode may begin: symptoms reach a caller in the
    /// same request (spans) or the same per-minute reading (metrics), so an echo starts with its origin, not before.
    /// </summary>
    public static readonly TimeSpan EchoLead = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Abnormal per-minute metric readings that make an episode sustained even when it has fewer than
    /// <c>minEpisodeAnomalies</c> anomalies: a metric spike is one reading, while a leaking instance's memory stays high
    /// for several minutes and shows nothing else until the OOM kill. Three did better than four at 1M records and
    /// the same at 100k; two let pairs of unrelated spikes at one instance pass.
    /// </summary>
    public const int MinMetricReadings = 3;

    /// <param name="Looks">Its anomalies with the metric ones of a minute counted once.</param>
    private readonly record struct Episode(string Service, SignalFamily Family, int From, int To, DateTime Start, DateTime End, int Looks, bool Sustained);

    /// <summary>Which of <paramref name="ordered"/> (sorted by time) belong to a sustained or echoed episode.</summary>
    public bool[] MarkSupported(Detection[] ordered, ServiceGraph graph)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        ArgumentNullException.ThrowIfNull(graph);
        var streams = Streams(ordered);
        var episodes = new List<(Episode Episode, List<int> Indices)>();
        foreach (var ((_, family), indices) in streams)
        {
            var first = 0;
            for (var k = 1; k <= indices.Count; k++)
            {
                if (k < indices.Count && ordered[indices[k]].Timestamp - ordered[indices[k - 1]].Timestamp <= GapAfter(ordered[indices[k - 1]]))
                {
                    continue;
                }

                var start = ordered[indices[first]].Timestamp;
                var end = ordered[indices[k - 1]].Timestamp;
                // Readings are minutes: an instance's latency percentiles, or its CPU and memory, read at one scrape are
                // one look at it, and so are four scrapes of one minute where metrics are scraped every 15 s, so that
                // what makes an episode sustained is how long it lasts, not how often its metrics are read.
                var readings = 0;
                var others = 0;
                var lastMinute = long.MinValue;
                for (var e = first; e < k; e++)
                {
                    var anomaly = ordered[indices[e]];
                    var minute = anomaly.Timestamp.Ticks / TimeSpan.TicksPerMinute;
                    if (anomaly.Kind != TelemetryKind.Metric)
                    {
                        others++;
                    }
                    else if (minute != lastMinute)
                    {
                        readings++;
                        lastMinute = minute;
                    }
                }

                var sustained = (others + readings >= minEpisodeAnomalies || readings >= MinMetricReadings) && end - start >= minEpisode;
                episodes.Add((new Episode(ordered[indices[first]].Service, family, first, k, start, end, others + readings, sustained), indices));
                first = k;
            }
        }

        var supported = new bool[ordered.Length];
        var echoStarts = EchoStarts(episodes);
        foreach (var (episode, indices) in episodes)
        {
            if (!episode.Sustained && !IsEchoed(episode, echoStarts, graph))
            {
                continue;
            }

            for (var e = episode.From; e < episode.To; e++)
            {
                supported[indices[e]] = true;
            }
        }

        return supported;
    }

    // Log lines come with the requests that fail, seconds apart while a fault lasts; metrics come once a minute. A
    // pause in an instance's error lines that a minute-wide gap would bridge is where one burst ended and an unrelated
    // one at the same instance began (three point bursts at catalog-2 on seed 11 chained into a two-minute "fault").
    private TimeSpan GapAfter(Detection anomaly) => anomaly.Kind == TelemetryKind.Log ? logEpisodeGap : episodeGap;

    // Episodes are kept per instance AND signal family: a fault repeats the same kind of symptom for minutes (errors
    // keep failing, latency stays high, memory keeps growing), while unrelated point anomalies that happen to land at
    // one service in consecutive minutes (an error burst, then a spike, then an event flood) are each seconds long;
    // chained across families they looked like one sustained episode and claimed the incident's onset. Per instance,
    // not per service: a fault sits at one instance (host, pod), while short error bursts at two instances of one
    // service a minute apart chained into a per-service "episode" that claimed the onset before the real fault began
    // (seeds 7 and 11 at 100k).
    private Dictionary<(string Instance, SignalFamily Family), List<int>> Streams(Detection[] ordered)
    {
        var byStream = new Dictionary<(string Instance, SignalFamily Family), List<int>>();
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].Confidence < strongConfidence)
            {
                continue;
            }

            var key = (ordered[i].Instance, SignalFamilies.Of(ordered[i]));
            if (!byStream.TryGetValue(key, out var indices))
            {
                indices = [];
                byStream[key] = indices;
            }

            indices.Add(i);
        }

        return byStream;
    }

    /// <summary>
    /// The start times of the episodes that can echo another (sustained, slow or failing), per service, in time order:
    /// <see cref="IsEchoed"/> then looks only at the episode's callers and only near its start, instead of scanning every
    /// episode of the run for every episode (quadratic in the run's length: 10,000,000 records hold about 100,000 episodes).
    /// </summary>
    private static Dictionary<string, List<long>> EchoStarts(List<(Episode Episode, List<int> Indices)> episodes)
    {
        var starts = new Dictionary<string, List<long>>(StringComparer.Ordinal);
        foreach (var (episode, _) in episodes)
        {
            if (!episode.Sustained || episode.Family is not (SignalFamily.Latency or SignalFamily.Errors))
            {
                continue;
            }

            if (!starts.TryGetValue(episode.Service, out var list))
            {
                list = [];
                starts[episode.Service] = list;
            }

            list.Add(episode.Start.Ticks);
        }

        foreach (var list in starts.Values)
        {
            list.Sort();
        }

        return starts;
    }

    /// <summary>
    /// True when a caller of the episode's service has a sustained slow or failing episode (the symptoms that travel up
    /// a call) that begins with this one: not before it by more than <see cref="EchoLead"/>, not after its end. The
    /// callee's own run may be of any family: a leaking instance shows two memory readings and a restart before the
    /// OOM kill, while its callers log refused calls for minutes. A point anomaly at a callee in the middle of its
    /// callers' long episode began after them and is not taken for their origin; orphan spans blame a caller, not the
    /// service that reports them, and a single reading is no run.
    /// </summary>
    private static bool IsEchoed(Episode episode, Dictionary<string, List<long>> echoStarts, ServiceGraph graph)
    {
        if (episode.Family == SignalFamily.Orphans || episode.Looks < 2)
        {
            return false;
        }

        var from = (episode.Start - EchoLead).Ticks;
        var to = episode.End.Ticks;
        foreach (var caller in graph.CallersOf(episode.Service).Keys)
        {
            if (string.Equals(caller, episode.Service, StringComparison.Ordinal) || !echoStarts.TryGetValue(caller, out var starts))
            {
                continue;
            }

            // An exact match lies in the window (from <= to); otherwise the complement is the first start after `from`.
            var found = starts.BinarySearch(from);
            if (found >= 0 || (~found < starts.Count && starts[~found] <= to))
            {
                return true;
            }
        }

        return false;
    }
}
