namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// The highest reading of one metric of one service (over its instances) in one minute, from a segment's own records:
/// what the root-cause stage needs to see a reading go beyond anything the run showed elsewhere.
/// </summary>
/// <param name="Minute">The minute the readings fall in (UTC, seconds cut).</param>
public sealed record MetricPeak(string Service, string Name, DateTime Minute, double Max);
