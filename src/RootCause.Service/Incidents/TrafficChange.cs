using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>
/// An incident made mostly of changes in traffic: how many requests services took, how many bytes crossed their network
/// (metric names with <c>request</c>, <c>throughput</c>, <c>network</c> or <c>traffic</c>, not latency, errors or
/// resources). Traffic is what the estate is asked to do, not a symptom of how it copes: a load generator pausing, a
/// batch starting, the evening peak move it across every service at once. As paging practice has it (page on symptoms
/// users feel: errors, latency), such an incident is listed, ranked and explained, but not one to page anybody about.
/// On the Train Ticket days most false pages were of this kind and no fault's incident was.
/// <para>
/// A name that could be a symptom is not traffic: a count of failed, rejected, dropped, throttled or retried requests,
/// exceptions, and a request count for an HTTP status of 400 or more, as exporters name it
/// (<c>http_requests_total{code="500"}</c>, OTLP's <c>http.server.requests{http.response.status_code=503}</c>), since
/// an error spike left unpaged is worse than a load change paged.
/// </para>
/// <para>
/// Resources (CPU, memory, heap) are how the estate copes, not a symptom users feel: when the traffic moved at several
/// services at once, their CPU and memory moving with it is the load's doing, and those readings do not vote; latency,
/// errors and every span or log still do. So it is with any metric whose name says neither traffic nor a symptom (time,
/// failure): a pool, a queue, a thread count, as another system's exporters name theirs (the shared day with eight such
/// metrics per pod paged 5 incidents outside every fault window with them voting, none without). Traffic at one service is no load change of the estate, and there a
/// resource reading counts against it as before. Counted as symptoms, the CPU readings of a busy evening outvoted the
/// traffic that drove them wherever the request rates were read less sharply (the Train Ticket day read every 30 s:
/// 13 false pages, 6 with resources abstaining; as published 4, 0), and no fault's incident, on the four days, their
/// variants or the generated runs, was a traffic change either way.
/// </para>
/// </summary>
public static partial class TrafficChange
{
    private static readonly string[] TrafficWords = ["request", "throughput", "network", "traffic"];

    /// <summary>
    /// Words that make a metric a symptom even when it names requests (<c>requests_failed</c>, <c>request_retries</c>);
    /// so does time (<see cref="TimeMetrics"/>: <c>request_duration</c>, <c>http_server_requests_seconds_max</c>).
    /// </summary>
    private static readonly string[] FailureWords =
    [
        "error", "fail", "success", "exception", "reject", "drop", "throttl", "retry", "retries", "retransmit", "4xx", "5xx",
    ];

    /// <summary>
    /// True when at least half the incident's readings are of traffic, resources left out where the traffic moved at
    /// several services (and it is not all isolated points, which are not paged anyway). A metric's readings at one
    /// instance and moment whose names differ only in their digits count once (<see cref="Reading"/>):
    /// <c>latency_p90_ms</c>, <c>latency_p95_ms</c> and <c>latency_p99_ms</c> are three percentiles of one latency
    /// distribution, and counted three times they outvoted the request rate moving beside them.
    /// </summary>
    public static bool Of(DetectedIncident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        if (incident.Anomalies.Count == 0 || incident.IsIsolated)
        {
            return false;
        }

        var loaded = incident.Anomalies.Where(IsTraffic).Select(static a => a.Service).Distinct(StringComparer.Ordinal).Take(2).Count() > 1;
        var readings = new HashSet<Reading>();
        int traffic = 0, other = 0;
        foreach (var anomaly in incident.Anomalies)
        {
            if (anomaly.Kind != TelemetryKind.Metric)
            {
                other++;
                continue;
            }

            var isTraffic = IsTraffic(anomaly);
            if (readings.Add(Reading.Of(anomaly, isTraffic)))
            {
                if (isTraffic)
                {
                    traffic++;
                }
                else if (!(loaded && !IsSymptom(anomaly.Name)))
                {
                    other++;
                }
            }
        }

        return traffic >= other;
    }

    /// <summary>A metric reading of traffic: its name has a traffic word and names no failure, resource or time.</summary>
    public static bool IsTraffic(Detection anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        if (anomaly.Kind != TelemetryKind.Metric)
        {
            return false;
        }

        return IsTrafficMetric(anomaly.Name);
    }

    /// <summary>A metric name of traffic: a traffic word and no failure, resource or time.</summary>
    public static bool IsTrafficMetric(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Has(name, TrafficWords) && !IsSymptom(name) && !ResourceMetrics.IsResource(name);
    }

    /// <summary>
    /// A metric of a symptom users feel: time (<see cref="TimeMetrics"/>) or failure (a failure word, an HTTP status of
    /// 400 or more). What names neither, nor traffic, is how the estate copes: a resource, a queue, a pool, a thread count.
    /// </summary>
    public static bool IsSymptom(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return TimeMetrics.IsTime(name) || Has(name, FailureWords) || ErrorStatus().IsMatch(name);
    }

    private static bool Has(string name, string[] words) => Array.Exists(words, word => name.Contains(word, StringComparison.OrdinalIgnoreCase));

    /// <summary>An attribute whose key says status or code with a value from 400 to 599 (<c>code="500"</c>, <c>status_code=503</c>).</summary>
    [GeneratedRegex(@"(status|code)[^=,{}]*=\W*[45]\d\d(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ErrorStatus();

    /// <summary>One reading of one distribution: an instance's metric at one moment, named without its digits (the percentile, the quantile).</summary>
    private readonly record struct Reading(string Instance, DateTime Timestamp, string Family, bool Traffic)
    {
        public static Reading Of(Detection anomaly, bool traffic) =>
            new(anomaly.Instance.Length > 0 ? anomaly.Instance : anomaly.Service, anomaly.Timestamp, WithoutDigits(anomaly.Name), traffic);

        private static string WithoutDigits(string name) => name.AsSpan().IndexOfAnyInRange('0', '9') < 0
            ? name
            : string.Concat(name.Where(c => !char.IsAsciiDigit(c)));
    }
}
