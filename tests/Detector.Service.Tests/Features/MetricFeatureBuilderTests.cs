using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

/// <summary>The metric features of a series do not depend on how often it was scraped, only on what it read.</summary>
public sealed class MetricFeatureBuilderTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_metric_scraped_every_15_s_has_the_ewma_residuals_of_the_same_metric_read_every_minute()
    {
        // Ten hours of a gauge that steps by 1 every 40 minutes (a memory reading in coarse units), with one jump of 20.
        var minutes = Enumerable.Range(0, 600).Select(m => 100.0 + (m / 40 % 2) + (m is >= 300 and < 310 ? 20 : 0)).ToArray();

        var perMinute = EwmaZ(minutes, readingsPerMinute: 1);
        var every15s = EwmaZ(minutes, readingsPerMinute: 4);

        // The jump stands out as much either way; an ordinary step of 1 does not become thousands of σ at 15 s.
        Assert.InRange(every15s.Jump / perMinute.Jump, 0.5, 2.0);
        Assert.InRange(every15s.OrdinaryStep, 0, 2 * perMinute.OrdinaryStep);
    }

    /// <summary>The EWMA residual z (uncompressed) at the jump's first reading and the largest at any ordinary step.</summary>
    private static (double Jump, double OrdinaryStep) EwmaZ(double[] minutes, int readingsPerMinute)
    {
        var records = new List<TelemetryRecord>();
        for (var m = 0; m < minutes.Length; m++)
        {
            for (var q = 0; q < readingsPerMinute; q++)
            {
                records.Add(new TelemetryRecord(
                    records.Count, Start.AddMinutes(m).AddSeconds(60.0 * q / readingsPerMinute), TelemetryKind.Metric, "svc", "svc-1", "memory_mb", minutes[m]));
            }
        }

        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        var metrics = MetricFeatureBuilder.Build(columns, SeriesGrouping.MetricSeries(columns), new FeatureOptions());
        var column = metrics.Matrix.ColumnNames.ToList().IndexOf(MetricFeatureBuilder.EwmaZ);
        double jump = 0, ordinary = 0;
        for (var i = 0; i < metrics.RecordRows.Length; i++)
        {
            var record = records[metrics.RecordRows[i]];
            var minute = (int)(record.Timestamp - Start).TotalMinutes;
            // Undo Compress: |z| = e^|c| − 1.
            var z = Math.Exp(Math.Abs(metrics.Matrix[i, column])) - 1;
            if (minute == 300 && record.Timestamp.Second == 0)
            {
                jump = z;
            }
            else if (minute is < 300 or >= 320)
            {
                ordinary = Math.Max(ordinary, z);
            }
        }

        return (jump, ordinary);
    }
}
