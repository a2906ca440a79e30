using System.Text.RegularExpressions;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>
/// Which metrics measure how long something took, by their names: a word or a unit of time in the metric's own name
/// (<c>latency</c>, <c>duration</c>, <c>_seconds</c>, <c>_ms</c>), but not a histogram's or summary's count of what it
/// timed (<c>http_server_requests_seconds_count</c>, the requests served). Its sum, maximum and buckets
/// (<c>..._seconds_sum</c>, <c>..._seconds_max</c>, <c>..._seconds_bucket{le="0.5"}</c>) are time: a slowdown moves
/// them, as Spring Boot's and most Prometheus clients' exporters name them. Time is a symptom, never traffic
/// (<see cref="TrafficChange"/>), and a latency signal in the ranking.
/// </summary>
public static partial class TimeMetrics
{
    private static readonly string[] TimeWords = ["latency", "duration", "time", "seconds", "millis", "micros", "nanos"];

    public static bool IsTime(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        // The metric's own name: a label's value (a route /timetable) says nothing of what was measured.
        var labels = name.IndexOf('{', StringComparison.Ordinal);
        var metric = labels < 0 ? name : name[..labels];
        return (Array.Exists(TimeWords, word => metric.Contains(word, StringComparison.OrdinalIgnoreCase)) || TimeUnit().IsMatch(metric))
            && !Counted(metric);
    }

    /// <summary>Whether a metric name ends as a histogram's or summary's count (<c>_count</c>, <c>.count</c>).</summary>
    private static bool Counted(string metric) =>
        metric.EndsWith("_count", StringComparison.OrdinalIgnoreCase) || metric.EndsWith(".count", StringComparison.OrdinalIgnoreCase);

    /// <summary>A unit of time as a name's own part: <c>_ms</c>, <c>.us</c>, <c>_ns</c> between separators or at its end.</summary>
    [GeneratedRegex(@"(^|[_.])(ms|us|ns)($|[_.])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TimeUnit();
}
