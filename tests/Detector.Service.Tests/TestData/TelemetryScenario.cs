using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Tests.TestData;

/// <summary>
/// A small seeded microservice estate for tests: frontend → checkout → payments, two instances each, two hours of
/// metrics every 30 s, a trace every 5 s with a log line per span (1 % normal ERRORs), a few deploys; with planted
/// metric spikes, one ERROR burst, dropped spans (orphaned children) and one event flood, labelled.
/// </summary>
internal sealed class TelemetryScenario
{
    public static readonly DateTime Start = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private readonly List<Draft> _drafts = [];
    private readonly Random _random;

    private TelemetryScenario(int seed) => _random = new Random(seed);

    public IReadOnlyList<TelemetryRecord> Records { get; private set; } = [];

    /// <summary>Label per record id: null for normal records.</summary>
    public IReadOnlyDictionary<long, string?> Labels { get; private set; } = new Dictionary<long, string?>();

    public static TelemetryScenario Build(int seed = 7, bool plantAnomalies = true)
    {
        var scenario = new TelemetryScenario(seed);
        scenario.Generate(plantAnomalies);
        return scenario;
    }

    public long CountOf(string type) => Labels.Values.Count(label => label == type);

    private void Generate(bool plant)
    {
        string[] services = ["frontend", "checkout", "payments"];
        (string Name, double Level, double Noise)[] metrics =
        [
            ("cpu_percent", 40, 2), ("memory_mb", 512, 8), ("request_rate", 100, 4),
            ("error_rate", 0.01, 0.002), ("latency_p50_ms", 50, 2), ("latency_p95_ms", 120, 5),
        ];
        const int intervals = 240;
        var spikes = new HashSet<(int Interval, string Service, int Instance, int Metric)>();
        if (plant)
        {
            while (spikes.Count < 8)
            {
                spikes.Add((_random.Next(20, intervals - 20), services[_random.Next(3)], _random.Next(2), _random.Next(metrics.Length)));
            }
        }

        for (var interval = 0; interval < intervals; interval++)
        {
            var time = Start.AddSeconds(30 * interval);
            // A one-hour cycle on CPU: the kind of seasonality a plain z-score would misjudge.
            var season = Math.Sin(2 * Math.PI * interval / 120.0);
            foreach (var service in services)
            {
                for (var instance = 0; instance < 2; instance++)
                {
                    for (var m = 0; m < metrics.Length; m++)
                    {
                        var (name, level, noise) = metrics[m];
                        var value = level + Gaussian() * noise + (name == "cpu_percent" ? 15 * season : 0);
                        string? label = null;
                        if (spikes.Contains((interval, service, instance, m)))
                        {
                            value += 12 * noise;
                            label = AnomalyTypes.MetricSpike;
                        }

                        Add(new TelemetryRecord(0, time, TelemetryKind.Metric, service, $"{service}-{instance}", name, Math.Max(0, value)), label);
                    }
                }
            }
        }

        var droppedTraces = new HashSet<int>();
        if (plant)
        {
            while (droppedTraces.Count < 6)
            {
                droppedTraces.Add(_random.Next(10, 1430));
            }
        }

        for (var trace = 0; trace < 1440; trace++)
        {
            var time = Start.AddSeconds(5 * trace + _random.NextDouble());
            var traceId = $"t{trace:x6}";
            string? parent = null;
            for (var depth = 0; depth < services.Length; depth++)
            {
                var service = services[depth];
                var spanId = $"{traceId}-s{depth}";
                var instance = $"{service}-{_random.Next(2)}";
                var duration = Math.Exp(Math.Log(40.0 / (depth + 1)) + 0.25 * Gaussian());
                var dropped = droppedTraces.Contains(trace) && depth == 1;
                if (!dropped)
                {
                    var orphan = droppedTraces.Contains(trace) && depth == 2;
                    Add(new TelemetryRecord(0, time.AddMilliseconds(depth), TelemetryKind.Span, service, instance, $"{service}.handle",
                        duration, Status: SpanStatus.Ok, TraceId: traceId, SpanId: spanId, ParentSpanId: parent),
                        orphan ? AnomalyTypes.MissingSpan : null);
                    var error = _random.NextDouble() < 0.01;
                    Add(new TelemetryRecord(0, time.AddMilliseconds(depth + 0.5), TelemetryKind.Log, service, instance,
                        error ? "E001" : "I001", 0, Level: error ? LogLevel.Error : LogLevel.Info, TraceId: traceId,
                        Message: error ? "request failed" : "request handled"), null);
                }

                parent = spanId;
            }
        }

        foreach (var service in services)
        {
            Add(new TelemetryRecord(0, Start.AddMinutes(17 + 23 * Array.IndexOf(services, service)), TelemetryKind.Event, service,
                $"{service}-0", "deploy", 0, Message: "version 1.2"), null);
        }

        Add(new TelemetryRecord(0, Start.AddMinutes(95), TelemetryKind.Event, "checkout", "checkout-1", "config_change", 0), null);

        if (plant)
        {
            var burstStart = Start.AddMinutes(41);
            for (var i = 0; i < 25; i++)
            {
                Add(new TelemetryRecord(0, burstStart.AddSeconds(i * 1.6), TelemetryKind.Log, "checkout", $"checkout-{i % 2}", "E002", 0,
                    Level: LogLevel.Error, Message: "connection pool exhausted"), AnomalyTypes.ErrorLogBurst);
            }

            var floodStart = Start.AddMinutes(73);
            for (var i = 0; i < 15; i++)
            {
                Add(new TelemetryRecord(0, floodStart.AddSeconds(i * 3), TelemetryKind.Event, "payments", $"payments-{i % 2}",
                    i % 3 == 0 ? "health_check_flap" : "restart", 0), AnomalyTypes.NoisyEvent);
            }
        }

        Finish();
    }

    private void Add(TelemetryRecord record, string? label) => _drafts.Add(new Draft(record, label, _drafts.Count));

    private void Finish()
    {
        var ordered = _drafts.OrderBy(d => d.Record.Timestamp).ThenBy(d => d.Order).ToList();
        var records = new List<TelemetryRecord>(ordered.Count);
        var labels = new Dictionary<long, string?>(ordered.Count);
        for (var id = 0; id < ordered.Count; id++)
        {
            records.Add(ordered[id].Record with { RecordId = id });
            labels[id] = ordered[id].Label;
        }

        Records = records;
        Labels = labels;
    }

    private double Gaussian()
    {
        // Box–Muller on the seeded generator, so the scenario is the same on every machine.
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private sealed record Draft(TelemetryRecord Record, string? Label, int Order);
}
