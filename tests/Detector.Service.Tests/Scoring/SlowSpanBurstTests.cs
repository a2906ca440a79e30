using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Scoring;

namespace AnomalyPlatform.Detector.Tests.Scoring;

/// <summary>
/// A latency fault that slows a service's calls a few times over is four σ on the spread of its ordinary calls, under
/// the single-span limit (5): several such spans at one service within a minute are still a fault, as many spread over
/// the day are not.
/// </summary>
public sealed class SlowSpanBurstTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Two hours of one call a second, log-normal around 10 ms (σ 0.5 on the log), and the slow spans given.</summary>
    private static List<TelemetryRecord> Calls(IReadOnlyDictionary<int, double> slowAtSecond)
    {
        var random = new Random(11);
        var records = new List<TelemetryRecord>();
        for (var second = 0; second < 2 * 3600; second++)
        {
            var z = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            // Ordinary calls are capped at 3σ so that only the planted ones are slow for the test's purpose.
            var duration = slowAtSecond.TryGetValue(second, out var slow) ? slow : 10 * Math.Exp(0.5 * Math.Clamp(z, -3, 3));
            records.Add(new TelemetryRecord(
                records.Count, Start.AddSeconds(second), TelemetryKind.Span, "cart", "cart-1", "GetCart", duration,
                Status: SpanStatus.Ok, TraceId: $"t{second:D6}", SpanId: $"s{second:D6}"));
        }

        return records;
    }

    private static bool StatisticalFlags(IReadOnlyList<TelemetryRecord> records, long id)
    {
        var columns = new TelemetryColumns();
        columns.Append(records);
        var detection = new DetectionRun(new DetectorOptions()).Execute(columns, CancellationToken.None).Detections
            .SingleOrDefault(d => d.RecordId == id);
        return detection?.Scores.Single(s => s.Model == ModelNames.Statistical).IsAnomaly ?? false;
    }

    [Fact]
    public void Six_spans_eight_times_as_slow_within_a_minute_are_flagged()
    {
        // 80 ms is ln 8 ≈ 2.1 above the median, 4.2σ: under the single-span limit of 5.
        var burst = Enumerable.Range(0, 6).ToDictionary(i => 3600 + (8 * i), _ => 80.0);
        var records = Calls(burst);

        Assert.All(burst.Keys, second => Assert.True(StatisticalFlags(records, second), $"slow span at second {second} not flagged"));
    }

    [Fact]
    public void The_same_six_slow_spans_spread_over_two_hours_are_not()
    {
        var spread = Enumerable.Range(0, 6).ToDictionary(i => 600 + (1100 * i), _ => 80.0);
        var records = Calls(spread);

        Assert.All(spread.Keys, second => Assert.False(StatisticalFlags(records, second), $"lone slow span at second {second} flagged"));
    }
}
