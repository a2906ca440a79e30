using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>Spans and instruments of the pipeline's own work (placeholder until the telemetry branch lands).</summary>
public static class PipelineTelemetry
{
    public const string SourceName = "AnomalyPlatform.Pipeline";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Generated = Meter.CreateCounter<long>("anomaly.records.generated", "{record}");

    public static void RecordsGenerated(long count, string runId) =>
        Generated.Add(count, new KeyValuePair<string, object?>("anomaly.run_id", runId));

    public static Activity? StartGenerateSegment(string runId, int segmentIndex)
    {
        var activity = Source.StartActivity("generate segment");
        activity?.SetTag("anomaly.run_id", runId);
        activity?.SetTag("anomaly.segment", segmentIndex);
        return activity;
    }

    public static Activity? StartEvaluate(string runId)
    {
        var activity = Source.StartActivity("evaluate run");
        activity?.SetTag("anomaly.run_id", runId);
        return activity;
    }
}
