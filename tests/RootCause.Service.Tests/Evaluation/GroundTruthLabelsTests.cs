

using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.RootCause.Tests.Evaluation;

public sealed class GroundTruthLabelsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "detector-labels-" + Guid.NewGuid().ToString("N"));

    public GroundTruthLabelsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string content)
    {
        var path = Path.Combine(_folder, "synthetic_labels.csv");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public async Task Dense_labels_load_with_nulls_for_empty_cells()
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\n1,true,metric_spike,INC-0001\n2,false,,\n");

        var labels = await GroundTruthLabels.LoadAsync(path, CancellationToken.None);

        Assert.Equal(3, labels.Count);
        Assert.False(labels.IsAnomaly(0));
        Assert.True(labels.IsAnomaly(1));
        Assert.Equal("metric_spike", labels.AnomalyTypeOf(1));
        Assert.Equal("INC-0001", labels.IncidentIdOf(1));
        Assert.Null(labels.AnomalyTypeOf(2));
        Assert.Null(labels.IncidentIdOf(0));
        Assert.False(labels.IsAnomaly(99));
    }

    [Fact]
    public async Task Sparse_and_unordered_record_ids_are_looked_up()
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n10,true,noisy_event,INC-0002\n3,false,,\n");

        var labels = await GroundTruthLabels.LoadAsync(path, CancellationToken.None);

        Assert.Equal(2, labels.Count);
        Assert.True(labels.IsAnomaly(10));
        Assert.Equal("noisy_event", labels.AnomalyTypeOf(10));
        Assert.False(labels.IsAnomaly(3));
        Assert.False(labels.Contains(0));
    }

    [Fact]
    public async Task Record_ids_that_stop_being_row_numbers_part_way_are_looked_up_by_id()
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\n1,true,metric_spike,\n7,true,noisy_event,\n");

        var labels = await GroundTruthLabels.LoadAsync(path, 3, CancellationToken.None);

        Assert.Equal(3, labels.Count);
        Assert.False(labels.IsAnomaly(0));
        Assert.Equal("metric_spike", labels.AnomalyTypeOf(1));
        Assert.Equal("noisy_event", labels.AnomalyTypeOf(7));
        Assert.False(labels.Contains(2));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(1_000)]
    public async Task Every_row_loads_whatever_the_expected_record_count(long expected)
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\n1,true,metric_spike,INC-0001\n2,false,,\n");

        var labels = await GroundTruthLabels.LoadAsync(path, expected, CancellationToken.None);

        Assert.Equal(3, labels.Count);
        Assert.True(labels.IsAnomaly(1));
        Assert.Equal("INC-0001", labels.IncidentIdOf(1));
        Assert.False(labels.Contains(3));
    }

    [Fact]
    public async Task Malformed_flag_is_rejected_naming_file_line_and_field()
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\n1,maybe,,\n");

        var exception = await Assert.ThrowsAsync<InvalidDataException>(() => GroundTruthLabels.LoadAsync(path, CancellationToken.None));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", exception.Message, StringComparison.Ordinal);
        Assert.Contains("field is_anomaly", exception.Message, StringComparison.Ordinal);
        Assert.Contains("'maybe'", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_record_id_is_rejected_naming_file_line_and_field()
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\nx7,true,metric_spike,INC-1\n");

        var exception = await Assert.ThrowsAsync<InvalidDataException>(() => GroundTruthLabels.LoadAsync(path, CancellationToken.None));

        Assert.Contains($"{path}, line 3, field record_id", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_column_is_rejected_naming_the_header_line_and_column()
    {
        var path = Write("record_id,anomaly_type,incident_id\n0,,\n");

        var exception = await Assert.ThrowsAsync<InvalidDataException>(() => GroundTruthLabels.LoadAsync(path, CancellationToken.None));

        Assert.Contains($"{path}, line 1, field is_anomaly", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Duplicate_record_id_is_rejected()
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\n2,false,,\n2,true,metric_spike,INC-1\n");

        var exception = await Assert.ThrowsAsync<InvalidDataException>(() => GroundTruthLabels.LoadAsync(path, CancellationToken.None));

        Assert.Contains("line 4, field record_id", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Row_with_too_few_fields_is_rejected_naming_the_file()
    {
        var path = Write("record_id,is_anomaly,anomaly_type,incident_id\n0,false,,\n1,true\n");

        var exception = await Assert.ThrowsAsync<InvalidDataException>(() => GroundTruthLabels.LoadAsync(path, CancellationToken.None));

        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 3", exception.Message, StringComparison.Ordinal);
    }
}
