using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class InstanceLineageTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Each instance reads cpu_percent once a minute from its first minute to its last (inclusive).</summary>
    private static TelemetryColumns Columns(params (string Instance, int FirstMinute, int LastMinute)[] instances) =>
        Columns(instances.Select(static instance => (instance.Instance, instance.FirstMinute, instance.LastMinute, (int?)null)).ToArray());

    private static TelemetryColumns Columns(params (string Instance, int FirstMinute, int LastMinute, int? SpikeMinute)[] instances)
    {
        var records = new List<TelemetryRecord>();
        foreach (var (instance, first, last, spike) in instances)
        {
            for (var minute = first; minute <= last; minute++)
            {
                var value = minute == spike ? 90 : 40 + (minute % 3);
                records.Add(new TelemetryRecord(0, Start.AddMinutes(minute), TelemetryKind.Metric, "checkout", instance, "cpu_percent", value));
            }
        }

        records.Sort((a, b) => a.Timestamp.CompareTo(b.Timestamp));
        var columns = new TelemetryColumns();
        columns.Append([.. records.Select((record, id) => record with { RecordId = id })]);
        columns.Seal();
        return columns;
    }

    private static string[] SeriesOf(TelemetryColumns columns) => SeriesGrouping.MetricSeries(columns).Labels;

    [Fact]
    public void A_pod_replaced_continues_its_predecessors_series()
    {
        var series = SeriesOf(Columns(("checkout-7d9f-x2", 0, 99), ("checkout-7d9f-q8", 100, 199)));

        Assert.Equal(["checkout/checkout-7d9f-x2 → checkout-7d9f-q8 cpu_percent"], series);
    }

    [Fact]
    public void A_rolling_update_whose_pods_overlap_for_a_minute_or_two_is_one_series()
    {
        var series = SeriesOf(Columns(("old", 0, 101), ("new", 100, 199)));

        Assert.Equal(["checkout/old → new cpu_percent"], series);
    }

    [Fact]
    public void Replicas_side_by_side_and_a_replica_added_later_keep_series_of_their_own()
    {
        Assert.Equal(2, SeriesOf(Columns(("a", 0, 199), ("b", 0, 199))).Length);
        Assert.Equal(2, SeriesOf(Columns(("a", 0, 199), ("scaled-out", 100, 199))).Length);
    }

    [Fact]
    public void An_instance_that_starts_just_before_the_input_ends_replaced_nothing()
    {
        // Its predecessor candidate stops at the end of the input too: a scale-out in the last minutes, not a replacement.
        Assert.Equal(2, SeriesOf(Columns(("a", 0, 197), ("late", 196, 199))).Length);
    }

    [Fact]
    public void A_line_of_replacements_names_its_first_and_latest_pod()
    {
        var series = SeriesOf(Columns(("p1", 0, 49), ("p2", 50, 99), ("p3", 100, 199)));

        Assert.Equal(["checkout/p1 → … → p3 (3 instances) cpu_percent"], series);
    }

    [Fact]
    public void Two_replicas_replaced_make_two_lines_each_taking_over_the_one_that_stopped_last_before_it()
    {
        var series = SeriesOf(Columns(("a", 0, 99), ("b", 0, 129), ("c", 100, 199), ("d", 130, 199)));

        Assert.Equal(["checkout/a → c cpu_percent", "checkout/b → d cpu_percent"], series);
    }

    [Fact]
    public void A_new_pods_spike_is_judged_against_the_readings_of_the_pod_it_replaced()
    {
        // The new pod has six readings, too few for a series of its own (no evidence), but its predecessor's 200 say
        // what its CPU usually reads.
        var columns = Columns(("old", 0, 199, null), ("new", 200, 205, 203));

        var metrics = MetricFeatureBuilder.Build(columns, SeriesGrouping.MetricSeries(columns), new FeatureOptions());

        var spikeRow = Enumerable.Range(0, metrics.RecordRows.Length)
            .Single(i => columns.Values[metrics.RecordRows[i]] == 90);
        var valueZ = metrics.Matrix[spikeRow, metrics.Matrix.ColumnNames.ToList().IndexOf(MetricFeatureBuilder.ValueZ)];
        Assert.Equal(1, metrics.Matrix.GroupCount);
        Assert.True(valueZ > GroupedRobustZ.Compress(20), $"value z {valueZ}");
    }
}
