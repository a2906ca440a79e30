using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>
/// Messages shaped like the generator's and detector's (same metric names, span trees, log lines, hex ids, and a mix of
/// roughly 36 % metrics, 34 % spans, 30 % logs and a few events), so that wire sizes measured on them mean something.
/// </summary>
internal static class RealisticMessages
{
    private static readonly string[] Services = ["frontend", "api-gateway", "checkout", "cart", "auth", "payment", "catalog", "cache", "database"];
    private static readonly string[] Metrics = ["cpu_percent", "memory_mb", "request_rate", "error_rate", "latency_p50_ms", "latency_p95_ms"];
    private static readonly string[] Operations = ["GET /", "route", "PlaceOrder", "GetCart", "ValidateToken", "Authorize", "ListProducts", "GET", "INSERT"];
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    public static TelemetrySegment TelemetrySegment(int sequence, int count, int seed)
    {
        var random = new Random(seed);
        var records = new TelemetryRecord[count];
        var traceId = Hex(random, 32);
        var parentSpan = (string?)null;
        for (var i = 0; i < count; i++)
        {
            var id = (long)sequence * count + i;
            var service = random.Next(Services.Length);
            var instance = $"{Services[service]}-{1 + random.Next(3)}";
            var time = Start.AddMilliseconds(id * 7 + random.Next(5));
            var roll = random.NextDouble();
            if (roll < 0.36)
            {
                records[i] = new TelemetryRecord(id, time, TelemetryKind.Metric, Services[service], instance, Metrics[i % Metrics.Length],
                    Math.Round(random.NextDouble() * 400, 3));
            }
            else if (roll < 0.70)
            {
                if (random.Next(8) == 0)
                {
                    traceId = Hex(random, 32);
                    parentSpan = null;
                }

                var spanId = Hex(random, 16);
                records[i] = new TelemetryRecord(id, time, TelemetryKind.Span, Services[service], instance, Operations[service],
                    Math.Round(random.NextDouble() * 60, 3), Status: random.Next(100) == 0 ? SpanStatus.Error : SpanStatus.Ok,
                    TraceId: traceId, SpanId: spanId, ParentSpanId: parentSpan);
                parentSpan = spanId;
            }
            else if (roll < 0.998)
            {
                records[i] = new TelemetryRecord(id, time, TelemetryKind.Log, Services[service], instance, "http_access", 0,
                    Level: random.Next(10) == 0 ? LogLevel.Debug : LogLevel.Info, TraceId: traceId,
                    Message: string.Create(CultureInfo.InvariantCulture,
                        $"{Operations[service]} status=200 duration_ms={random.NextDouble() * 60:F1} request_id=req-{random.Next(1_000_000):D6}"));
            }
            else
            {
                records[i] = new TelemetryRecord(id, time, TelemetryKind.Event, Services[service], instance, "restart", 0,
                    Message: "container restarted, exit_code=1");
            }
        }

        return new TelemetrySegment(sequence, sequence + 1, (sequence + 1L) * count, 0, 0, records) { RunId = "run-42" };
    }

    /// <summary>A segment of log records whose messages are random (so Brotli cannot shrink it): about <paramref name="megabytes"/> MB compressed.</summary>
    public static TelemetrySegment IncompressibleSegment(int megabytes, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[3000];
        var records = new TelemetryRecord[megabytes * 1024 * 1024 / 3000];
        for (var i = 0; i < records.Length; i++)
        {
            random.NextBytes(bytes);
            records[i] = new TelemetryRecord(i, Start.AddMilliseconds(i), TelemetryKind.Log, "cart", "cart-1", "T01", 0,
                Level: LogLevel.Info, Message: Convert.ToBase64String(bytes));
        }

        return new TelemetrySegment(0, 1, records.Length, 0, 0, records) { RunId = "run-42" };
    }

    public static DetectionBatch DetectionBatch(int count, int seed)
    {
        var random = new Random(seed);
        var detections = Enumerable.Range(0, count).Select(i => new Detection(
            i * 31L, Start.AddSeconds(i), TelemetryKind.Metric, Services[i % Services.Length], $"{Services[i % Services.Length]}-1",
            Metrics[i % Metrics.Length], random.Next(2) == 0, Math.Round(random.NextDouble(), 4), AnomalyTypes.MetricSpike,
            [new ModelScore(ModelNames.Statistical, Math.Round(random.NextDouble(), 4), true), new ModelScore(ModelNames.Ensemble, 0.8, true)],
            ["statistical: z=6.2 on cpu_percent"])).ToArray();
        return new DetectionBatch(3, detections) { RunId = "run-42" };
    }

    public static DetectionCompleted DetectionCompleted() => new(
        4, 100_000, [ModelNames.Statistical, ModelNames.Ensemble],
        [new ServiceEdge("frontend", "api-gateway", 5120), new ServiceEdge("checkout", "payment", 812)],
        [new ChangeEvent(4289, Start.AddMinutes(7), "auth", "auth-1", "deploy")])
    {
        RunId = "run-42",
        // What the root-cause stage reads of how services behaved: every list must cross the wire intact.
        Behaviour = [new BehaviourCount("payment", "charge declined <*>", Start.AddMinutes(3), 17)],
        MetricPeaks = [new MetricPeak("payment", "cpu_percent", Start.AddMinutes(3), 93.5)],
        CallPatterns = [new CallPatternCount("payment", "/pay", "0f3a9c1d2b4e5f60", Start.AddMinutes(3), 40)],
        CallPatternOutlines = [new CallPatternOutline("0f3a9c1d2b4e5f60", ["bank"], Failed: true)],
        CallTransits = [new CallTransitCount("checkout", "payment", Start.AddMinutes(3), 105.3, 38)],
        LogHandovers = [new CallTransitCount("checkout", "payment", Start.AddMinutes(3), 125.1, 12)],
        OperationEdges = [new OperationEdge("checkout", "/checkout", "payment", "/pay", 812)],
        Instances =
        [
            new ServiceInstances("checkout", [new InstanceSeen("checkout-1", Start, Start.AddMinutes(5)), new InstanceSeen("checkout-2", Start.AddMinutes(2), Start.AddMinutes(5))]),
            new ServiceInstances("payment", [new InstanceSeen("payment-7f9c4d-x2k4q", Start, Start.AddMinutes(5))]),
        ],
    };

    public static RootCauseCompleted RootCauseCompleted() => new(
        2,
        [new IncidentReport("INC-0001", Start, Start.AddMinutes(3), ["payment", "checkout"], [12, 40, 77],
            [new RootCauseCandidate(1, "payment", FaultTypes.ErrorLogBurst, 0.81, ["error burst first", "upstream of checkout"], "payment-7f9c4d-x2k4q")],
            "payment started failing first; checkout errors follow", "mock", null)],
        "/tmp/anomalies.json") { RunId = "run-42" };

    private static string Hex(Random random, int digits)
    {
        Span<byte> bytes = stackalloc byte[digits / 2];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
