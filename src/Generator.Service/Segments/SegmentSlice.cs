using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Segments;

/// <summary>One assembled detection segment: its own records with the context around them (see <c>TelemetrySegment</c>).</summary>
public sealed record SegmentSlice(int Index, int LeadingContext, int TrailingContext, TelemetryRecord[] Records);
