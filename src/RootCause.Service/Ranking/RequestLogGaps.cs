using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// The minutes of a run whose request logs were not collected: requests were traced, and none of them, at any service,
/// wrote a routine line (DEBUG or INFO), where the rest of the run writes them often enough that a whole minute without
/// one cannot be chance. Log shippers and tracers are separate agents, and a copy of a system's telemetry can hold
/// traces for minutes it holds no logs for; a call pattern that includes its requests' log levels then changes with
/// the collection, not with the system.
/// <para>
/// Routine lines only: a service that writes lines only when something fails goes quiet in every good minute, which is
/// no gap. A minute with n requests and none logged, where a share p of all the run's requests log, has chance
/// (1 - p)^n; it is a gap when that is below 1 % over the run's minutes (Bonferroni).
/// </para>
/// </summary>
internal static class RequestLogGaps
{
    private const double Level = 0.01;

    /// <summary>How many minutes are gaps, of how many that held requests.</summary>
    public static (int Gaps, int Minutes) Count(
        MinuteCells<(string Service, string Operation, string Pattern), int> cells, IReadOnlyDictionary<string, CallPatternOutline> outlines)
    {
        var requests = new Dictionary<long, (long All, long Logged)>();
        foreach (var (key, readings) in cells.Cells)
        {
            var logged = outlines.GetValueOrDefault(key.Pattern)?.RoutineLines ?? false;
            foreach (var (minute, count) in readings)
            {
                var (all, withLines) = requests.GetValueOrDefault(minute);
                requests[minute] = (all + count, withLines + (logged ? count : 0));
            }
        }

        var total = requests.Values.Sum(static r => r.All);
        var loggedTotal = requests.Values.Sum(static r => r.Logged);
        if (loggedTotal == 0)
        {
            return (0, requests.Count);
        }

        // (1 - p)^n < Level / minutes, in logs; p = 1 makes every unlogged minute a gap.
        var share = (double)loggedTotal / total;
        var bar = Math.Log(Level / requests.Count);
        var gaps = 0;
        foreach (var (all, logged) in requests.Values)
        {
            if (logged == 0 && (share >= 1 || all * Math.Log(1 - share) < bar))
            {
                gaps++;
            }
        }

        return (gaps, requests.Count);
    }
}
