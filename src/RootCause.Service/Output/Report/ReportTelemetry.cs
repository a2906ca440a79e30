using System.Runtime.CompilerServices;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>
/// Collects from a run's telemetry what the report draws: the metric series of the services in each drawn incident's
/// window, the values of the metric anomalies, and the time span of the run. Fed one metric reading at a time by a
/// <see cref="IReportTelemetrySource"/>; holds buckets only, never the records.
/// </summary>
public sealed class ReportTelemetry
{
    /// <summary>Buckets per series: more than a chart's width in points would only add bytes.</summary>
    public const int BucketsPerSeries = 160;

    private readonly IReadOnlyList<IncidentPlan> _plans;
    private readonly Dictionary<string, List<int>> _plansOfService = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Plan, string Service, string Metric), MetricSeries> _series = [];
    private readonly HashSet<long> _anomalyRecords;
    private readonly Dictionary<long, double> _anomalyValues = [];

    public ReportTelemetry(IReadOnlyList<IncidentPlan> plans, IEnumerable<long> metricAnomalyRecordIds)
    {
        ArgumentNullException.ThrowIfNull(plans);
        _plans = plans;
        _anomalyRecords = [.. metricAnomalyRecordIds];
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

        if (!_plansOfService.TryGetValue(service, out var plans))
        {
            return;
        }

        foreach (var index in plans)
        {
            var plan = _plans[index];
            if (!plan.Covers(timestamp))
            {
                continue;
            }

            if (!_series.TryGetValue((index, service, metric), out var series))
            {
                _series[(index, service, metric)] = series = new MetricSeries(plan.From, plan.To, BucketsPerSeries);
            }

            series.Add(timestamp, value);
        }
    }

    /// <summary>The series of <paramref name="service"/> in plan <paramref name="plan"/>, by metric name in ordinal order.</summary>
    public IReadOnlyList<(string Metric, MetricSeries Series)> SeriesOf(int plan, string service) =>
        _series.Where(pair => pair.Key.Plan == plan && string.Equals(pair.Key.Service, service, StringComparison.Ordinal))
            .OrderBy(pair => pair.Key.Metric, StringComparer.Ordinal)
            .Select(pair => (pair.Key.Metric, pair.Value))
            .ToList();

    public double? ValueOf(long recordId) => _anomalyValues.TryGetValue(recordId, out var value) ? value : null;
}
