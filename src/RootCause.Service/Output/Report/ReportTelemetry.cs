using System.Runtime.CompilerServices;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Collects from a run's telemetry what the report draws: the metric series of the services in each drawn incident's
/// window, the durations of the spans of every operation the run flagged slow spans of (where a latency fault shows
/// most directly, and all the telemetry some services have), the ERROR lines per minute of every service it flagged
/// log lines of and the events per minute of every event it flagged, the values of the anomalies drawn at their value,
/// and the time span of the run. Fed one record at a time by a <see cref="IReportTelemetrySource"/>; holds buckets
/// only, never the records.
/// </summary>
public sealed class ReportTelemetry
{
    /// <summary>Buckets per series: more than a chart's width in points would only add bytes.</summary>
    public const int BucketsPerSeries = 160;

    /// <summary>The name of a service's count of ERROR lines, as its panel is labelled.</summary>
    public const string ErrorLines = "ERROR lines";

    private readonly IReadOnlyList<IncidentPlan> _plans;
    private readonly Dictionary<string, List<int>> _plansOfService = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Plan, string Service, string Metric), MetricSeries> _series = [];
    private readonly Dictionary<(int Plan, string Service, string Operation), MetricSeries> _spanSeries = [];
    private readonly Dictionary<(int Plan, string Service, string Metric), MetricSeries> _instanceSeries = [];
    private readonly HashSet<int> _plansWithOtherInstances = [];
    private readonly Dictionary<string, List<(int Plan, string Instance)>> _namedInstancePlans = new(StringComparer.Ordinal);
    private readonly HashSet<(string Service, string Operation)> _slowOperations = [];
    private readonly Dictionary<(int Plan, string Service, TelemetryKind Kind, string Name), BucketCounts> _counts = [];
    private readonly HashSet<string> _flaggedLogServices = new(StringComparer.Ordinal);
    private readonly HashSet<(string Service, string Event)> _flaggedEvents = [];
    private readonly HashSet<long> _flaggedLines = [];
    private readonly HashSet<long> _flaggedErrorLines = [];
    private readonly HashSet<long> _anomalyRecords = [];
    private readonly Dictionary<long, double> _anomalyValues = [];
    private readonly HashSet<long> _minutes = [];
    private long _lastMinute = long.MinValue;

    /// <param name="anomalies">The run's anomalies: metric ones and slow spans are drawn at their value.</param>
    public ReportTelemetry(IReadOnlyList<IncidentPlan> plans, IEnumerable<ReportAnomaly> anomalies)
    {
        ArgumentNullException.ThrowIfNull(plans);
        ArgumentNullException.ThrowIfNull(anomalies);
        _plans = plans;
        foreach (var anomaly in anomalies)
        {
            if (anomaly.Kind == TelemetryKind.Metric)
            {
                _anomalyRecords.Add(anomaly.RecordId);
            }
            else if (IsSlowSpan(anomaly))
            {
                _anomalyRecords.Add(anomaly.RecordId);
                _slowOperations.Add((anomaly.Service, anomaly.Name));
            }
            else if (anomaly.Kind == TelemetryKind.Log)
            {
                _flaggedLogServices.Add(anomaly.Service);
                _flaggedLines.Add(anomaly.RecordId);
            }
            else if (anomaly.Kind == TelemetryKind.Event)
            {
                _flaggedEvents.Add((anomaly.Service, anomaly.Name));
            }
        }

        for (var plan = 0; plan < plans.Count; plan++)
        {
            if (plans[plan].Instance is { } named)
            {
                if (!_namedInstancePlans.TryGetValue(plans[plan].Services[0], out var withInstance))
                {
                    _namedInstancePlans[plans[plan].Services[0]] = withInstance = [];
                }

                withInstance.Add((plan, named));
            }

            foreach (var service in plans[plan].Services)
            {
                if (!_plansOfService.TryGetValue(service, out var indexes))
                {
                    _plansOfService[service] = indexes = [];
                }

                indexes.Add(plan);
            }
        }
    }

    public DateTime? First { get; private set; }

    public DateTime? Last { get; private set; }

    /// <summary>Whether readings of <paramref name="service"/> are drawn at all; a source may skip parsing the others' values.</summary>
    public bool Wants(string service) => _plansOfService.ContainsKey(service);

    /// <summary>
    /// The pauses between the recordings the telemetry holds (<see cref="Recordings"/>: an hour or more without a single
    /// record between stretches of an hour or more), each from the end of the last minute before it to the start of the
    /// first minute after it; none for a continuous run. Call once the telemetry is fed.
    /// </summary>
    public IReadOnlyList<(DateTime From, DateTime To)> Pauses
    {
        get
        {
            var recordings = Recordings.Of(_minutes);
            return [.. recordings.Zip(recordings.Skip(1), static (before, after) => (MinuteSeries.StartOf(before.Last + 1), MinuteSeries.StartOf(after.First)))];
        }
    }

    /// <summary>Widens the run's time span and notes its minute; called for every record whose time is known.</summary>
    public void See(DateTime timestamp)
    {
        First = First is { } first && first <= timestamp ? first : timestamp;
        Last = Last is { } last && last >= timestamp ? last : timestamp;
        var minute = MinuteSeries.MinuteOf(timestamp);
        if (minute != _lastMinute)
        {
            _minutes.Add(minute);
            _lastMinute = minute;
        }
    }

    /// <summary>A reading of <paramref name="instance"/> of <paramref name="service"/>; called for every reading.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddMetric(long recordId, DateTime timestamp, string service, string instance, string metric, double value)
    {
        See(timestamp);
        if (_anomalyRecords.Contains(recordId))
        {
            _anomalyValues[recordId] = value;
        }

        if (_plansOfService.TryGetValue(service, out var plans))
        {
            AddToPlans(_series, plans, service, metric, timestamp, value);
        }

        // The named instance's own readings, on the plans whose top candidate it is.
        if (_namedInstancePlans.TryGetValue(service, out var namedPlans))
        {
            foreach (var (index, named) in namedPlans)
            {
                if (!_plans[index].Covers(timestamp))
                {
                    continue;
                }

                if (string.Equals(named, instance, StringComparison.Ordinal))
                {
                    AddToPlan(_instanceSeries, index, service, metric, timestamp, value);
                }
                else
                {
                    _plansWithOtherInstances.Add(index);
                }
            }
        }
    }

    /// <summary>Whether a reading's instance matters to the report (its service is a drawn incident's top candidate with an instance named); a source may leave it empty otherwise.</summary>
    public bool WantsInstances(string service) => _namedInstancePlans.ContainsKey(service);

    /// <summary>
    /// The readings of plan <paramref name="plan"/>'s named instance (<see cref="IncidentPlan.Instance"/>) of
    /// <paramref name="metric"/>; null when there are none, or when no other instance of the service read anything in
    /// the window (the line would only repeat the mean: a service of one pod).
    /// </summary>
    public MetricSeries? InstanceSeriesOf(int plan, string service, string metric) =>
        _plansWithOtherInstances.Contains(plan) && _instanceSeries.TryGetValue((plan, service, metric), out var series) ? series : null;

    /// <summary>Whether the durations of <paramref name="operation"/>'s spans at <paramref name="service"/> are drawn; a source may skip parsing the others'.</summary>
    public bool WantsSpans(string service, string operation) => _plansOfService.ContainsKey(service) && _slowOperations.Contains((service, operation));

    /// <summary>A span (its duration in milliseconds); called for every span, whether drawn or not.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddSpan(long recordId, DateTime timestamp, string service, string operation, double durationMs)
    {
        See(timestamp);
        // A span without a duration (an export that left it out) has nothing to draw.
        if (!double.IsFinite(durationMs) || !WantsSpans(service, operation))
        {
            return;
        }

        if (_anomalyRecords.Contains(recordId))
        {
            _anomalyValues[recordId] = durationMs;
        }

        AddToPlans(_spanSeries, _plansOfService[service], service, operation, timestamp, durationMs);
    }

    /// <summary>Whether <paramref name="service"/>'s ERROR lines are counted; a source may skip parsing its other lines and every other service's.</summary>
    public bool WantsErrorLines(string service) => _plansOfService.ContainsKey(service) && _flaggedLogServices.Contains(service);

    /// <summary>A log line; called for every line, whether counted or not.</summary>
    public void AddLog(long recordId, DateTime timestamp, string service, LogLevel? level)
    {
        See(timestamp);
        // The lines the detector reads as errors: a burst of them is what a flagged line stands in.
        if (level != LogLevel.Error || !WantsErrorLines(service))
        {
            return;
        }

        if (_flaggedLines.Contains(recordId))
        {
            _flaggedErrorLines.Add(recordId);
        }

        AddCount(service, TelemetryKind.Log, ErrorLines, timestamp);
    }

    /// <summary>Whether events named <paramref name="name"/> of <paramref name="service"/> are counted; a source may skip parsing the others.</summary>
    public bool WantsEvents(string service, string name) => _plansOfService.ContainsKey(service) && _flaggedEvents.Contains((service, name));

    /// <summary>An event; called for every event, whether counted or not.</summary>
    public void AddEvent(DateTime timestamp, string service, string name)
    {
        See(timestamp);
        if (WantsEvents(service, name))
        {
            AddCount(service, TelemetryKind.Event, name, timestamp);
        }
    }

    /// <summary>Whether a flagged log line was an ERROR line of a service whose lines are counted (drawn on their count, not as a tick).</summary>
    public bool IsCountedErrorLine(long recordId) => _flaggedErrorLines.Contains(recordId);

    private void AddCount(string service, TelemetryKind kind, string name, DateTime timestamp)
    {
        foreach (var index in _plansOfService[service])
        {
            var plan = _plans[index];
            if (!plan.Covers(timestamp))
            {
                continue;
            }

            if (!_counts.TryGetValue((index, service, kind, name), out var counts))
            {
                _counts[(index, service, kind, name)] = counts = new BucketCounts(plan.From, plan.To, BucketCounts.BucketsFor(plan.From, plan.To, BucketsPerSeries));
            }

            counts.Add(timestamp);
        }
    }

    /// <summary>Adds a value to the series of <paramref name="service"/>'s <paramref name="name"/> in every plan of <paramref name="plans"/> whose window holds it.</summary>
    private void AddToPlans(
        Dictionary<(int Plan, string Service, string Name), MetricSeries> target, List<int> plans, string service, string name, DateTime timestamp, double value)
    {
        foreach (var index in plans)
        {
            if (_plans[index].Covers(timestamp))
            {
                AddToPlan(target, index, service, name, timestamp, value);
            }
        }
    }

    private void AddToPlan(Dictionary<(int Plan, string Service, string Name), MetricSeries> target, int index, string service, string name, DateTime timestamp, double value)
    {
        if (!target.TryGetValue((index, service, name), out var series))
        {
            target[(index, service, name)] = series = new MetricSeries(_plans[index].From, _plans[index].To, BucketsPerSeries);
        }

        series.Add(timestamp, value);
    }

    /// <summary>A slow span: drawn at its duration on its operation's panel.</summary>
    public static bool IsSlowSpan(ReportAnomaly anomaly)
    {
        ArgumentNullException.ThrowIfNull(anomaly);
        return anomaly.Kind == TelemetryKind.Span && string.Equals(anomaly.DetectedType, AnomalyTypes.LatencySpike, StringComparison.Ordinal);
    }

    /// <summary>The span durations of <paramref name="service"/> in plan <paramref name="plan"/>, by operation in ordinal order.</summary>
    public IReadOnlyList<(string Operation, MetricSeries Series)> SpanSeriesOf(int plan, string service) =>
        _spanSeries.Where(pair => pair.Key.Plan == plan && string.Equals(pair.Key.Service, service, StringComparison.Ordinal))
            .OrderBy(pair => pair.Key.Operation, StringComparer.Ordinal)
            .Select(pair => (pair.Key.Operation, pair.Value))
            .ToList();

    /// <summary>
    /// The counts per minute of <paramref name="service"/> in plan <paramref name="plan"/>: its ERROR lines
    /// (<see cref="TelemetryKind.Log"/>, named <see cref="ErrorLines"/>) and its flagged events by name, in ordinal order.
    /// Call once the telemetry is fed: a bucket counts as zero only inside the time the run was observed.
    /// </summary>
    public IReadOnlyList<(TelemetryKind Kind, string Name, MetricSeries PerMinute)> CountSeriesOf(int plan, string service) =>
        First is not { } first || Last is not { } last
            ? []
            : _counts.Where(pair => pair.Key.Plan == plan && string.Equals(pair.Key.Service, service, StringComparison.Ordinal))
                .OrderBy(pair => pair.Key.Kind).ThenBy(pair => pair.Key.Name, StringComparer.Ordinal)
                .Select(pair => (pair.Key.Kind, pair.Key.Name, pair.Value.PerMinute(first, last)))
                .ToList();

    /// <summary>The series of <paramref name="service"/> in plan <paramref name="plan"/>, by metric name in ordinal order.</summary>
    public IReadOnlyList<(string Metric, MetricSeries Series)> SeriesOf(int plan, string service) =>
        _series.Where(pair => pair.Key.Plan == plan && string.Equals(pair.Key.Service, service, StringComparison.Ordinal))
            .OrderBy(pair => pair.Key.Metric, StringComparer.Ordinal)
            .Select(pair => (pair.Key.Metric, pair.Value))
            .ToList();

    public double? ValueOf(long recordId) => _anomalyValues.TryGetValue(recordId, out var value) ? value : null;
}
