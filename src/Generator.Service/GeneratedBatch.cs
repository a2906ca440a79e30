using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>One batch of a run: records in record-id order and their ground-truth labels, row for row.</summary>
/// <param name="Sequence">0-based batch number within the run.</param>
/// <param name="Records">The records; the consumer owns the list (the generator never reuses it).</param>
/// <param name="Labels">One label per record, same order and record ids.</param>
public sealed record GeneratedBatch(int Sequence, IReadOnlyList<TelemetryRecord> Records, IReadOnlyList<RecordLabel> Labels);
