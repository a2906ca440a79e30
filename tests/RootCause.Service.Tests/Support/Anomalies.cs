using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>Builds detections and graphs for hand-made scenarios.</summary>
internal static class Anomalies
{
    public static readonly DateTime T0 = new(2025, 1, 1, 12, 0, 0, DateTimeKind.Utc);

    public static Detection At(
        long recordId,
        string service,
        double secondsAfterT0,
        string type = AnomalyTypes.MetricSpike,
        double confidence = 0.9,
        bool isAnomaly = true,
        string name = "latency_p95_ms",
        TelemetryKind kind = TelemetryKind.Metric,
        string? instance = null) =>
        new(
            recordId,
            T0.AddSeconds(secondsAfterT0),
            kind,
            service,
            instance ?? service + "-0",
            name,
            isAnomaly,
            confidence,
            type,
            [new ModelScore(ModelNames.Statistical, confidence, isAnomaly), new ModelScore(ModelNames.Ensemble, confidence, isAnomaly)],
            [$"statistical: z-score high on {name}"]);

    public static ServiceEdge Edge(string caller, string callee, long calls = 100) => new(caller, callee, calls);

    /// <summary>frontend -> api-gateway -> checkout -> payment, checkout -> inventory.</summary>
    public static IReadOnlyList<ServiceEdge> ShopEdges { get; } =
    [
        Edge("frontend", "api-gateway"),
        Edge("api-gateway", "checkout"),
        Edge("checkout", "payment"),
        Edge("checkout", "inventory"),
    ];
}
