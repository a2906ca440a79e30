using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests;

/// <summary>A whole small run held in memory, for assertions over every record.</summary>
internal sealed record GeneratedRun(
    List<GeneratedBatch> Batches,
    List<TelemetryRecord> Records,
    List<RecordLabel> Labels,
    IReadOnlyList<GroundTruthIncident> Incidents,
    ServiceTopology Topology)
{
    public static GeneratedRun Create(
        long records, int seed = 42, double errorRate = 0.02, double anomalyRate = 0.01, int batchSize = 4096, int incidentSpacingMinutes = 10)
    {
        var generator = new TelemetryGenerator(new GeneratorOptions
        {
            Records = records, Seed = seed, ErrorRate = errorRate, AnomalyRate = anomalyRate, BatchSize = batchSize,
            IncidentSpacingMinutes = incidentSpacingMinutes,
        });
        var batches = generator.GenerateBatches().ToList();
        return new GeneratedRun(
            batches,
            batches.SelectMany(b => b.Records).ToList(),
            batches.SelectMany(b => b.Labels).ToList(),
            generator.Incidents,
            generator.Topology);
    }

    public IEnumerable<(TelemetryRecord Record, RecordLabel Label)> Rows => Records.Zip(Labels);
}
