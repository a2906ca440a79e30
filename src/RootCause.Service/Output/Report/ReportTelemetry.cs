using System.Runtime.CompilerServices;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Collects from a run's telemetry what the report draws: the metric series of the services in each drawn incident's
/// window, the durations of the spans of every operation the run flagged slow spans of (where a latency fault shows
/// most directly, and all the telemetry some services have), the values of the anomalies drawn at their value, and the
/// time span of the run. Fed one reading or span at a time by a <see cref="IReportTelemetrySource"/>; holds buckets
/// only, never the records.
/// </summary>
public sealed class ReportTelemetry
{
    /// <summary>Buckets per series: more than a chart's width in points would only add bytes.</summary>
    public const int BucketsPerSeries = 160;

    private readonly IReadOnlyList<IncidentPlan> _plans;
    private readonly Dictionary<string, List<int>> _plansOfService = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Plan, string Service, string Metric), MetricSeries> _series = [];
    private readonly Dictionary<(int Plan, string Service, string Operation), MetricSeries> _spanSeries = [];
    private readonly HashSet<(string Service, string Operation)> _slowOperations = [];
    private readonly HashSet<long> _anomalyRecords = [];
    private readonly Dictionary<long, double> _anomalyValues = [];

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
        }

        for (var plan = 0; plan < plans.Count; plan++)
        {
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

    /// <summary>Widens the run's time span; called for every record whose time is known.</summary>
    public void See(DateTime timestamp)
    {
        First = First is { } first && first <= timestamp ? first : timestamp;
        Last = Last is { } last && last >= timestamp ? last : timestamp;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddMetric(long recordId, DateTime timestamp, string service, string metric, double value)
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
    }

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

    /// <summary>Adds a value to the series of <paramref name="service"/>'s <paramref name="name"/> in every plan of <paramref name="plans"/> whose window holds it.</summary>
    private void AddToPlans(
        Dictionary<(int Plan, string Service, string Name), MetricSeries> target, List<int> plans, string service, string name, DateTime timestamp, double value)
    {
        foreach (var index in plans)
        {
            var plan = _plans[index];
            if (!plan.Covers(timestamp))
            {
                continue;
            }

            if (!target.TryGetValue((index, service, name), out var series))
            {
                target[(index, service, name)] = series = new MetricSeries(plan.From, plan.To, BucketsPerSeries);
            }

            series.Add(timestamp, value);
        }
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

    /// <summary>The series of <paramref name="service"/> in plan <paramref name="plan"/>, by metric name in ordinal order.</summary>
    public IReadOnlyList<(string Metric, MetricSeries Series)> SeriesOf(int plan, string service) =>
        _series.Where(pair => pair.Key.Plan == plan && string.Equals(pair.Key.Service, service, StringComparison.Ordinal))
            .OrderBy(pair => pair.Key.Metric, StringComparer.Ordinal)
            .Select(pair => (pair.Key.Metric, pair.Value))
            .ToList();

    public double? ValueOf(long recordId) => _anomalyValues.TryGetValue(recordId, out var value) ? value : null;
}
