using AnomalyPlatform.Contracts.Messages;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>The messages of a small run: two detection batches and the completion, with a payment outage.</summary>
internal static class RunMessages
{
    public static DetectionBatch Batch0(string runId) => new(0,
    [
        At(1, "payment", 0, "error_log_burst"),
        At(2, "payment", 10, "error_log_burst"),
        At(3, "checkout", 15, isAnomaly: false),
    ]) { RunId = runId };

    public static DetectionBatch Batch1(string runId) => new(1,
    [
        At(4, "checkout", 40),
        At(5, "api-gateway", 70),
    ]) { RunId = runId };

    public static DetectionCompleted Completed(string runId) => new(
        2, 1_000, ["statistical", "ensemble"], ShopEdges,
        [new ChangeEvent(900, T0.AddMinutes(-3), "payment", "payment-0", "deploy")]) { RunId = runId };

    /// <summary>Anomalies (IsAnomaly == true) in the two batches.</summary>
    public static readonly long[] AnomalyRecordIds = [1, 2, 4, 5];
}
