using AnomalyPlatform.Detector.Nab;

namespace AnomalyPlatform.Detector.Tests.Nab;

public sealed class NabPointLabelsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anomaly-labels-" + Guid.NewGuid().ToString("N"));

    public NabPointLabelsTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Each_run_of_labelled_rows_is_centred_in_a_window_of_a_tenth_of_the_file_over_the_runs()
    {
        // 100 rows, two runs: each window 10 % x 100 / 2 = 5 rows wide, centred on its run.
        var windows = NabPointLabels.Draw(Labelled(100, 20, 60, 61));

        Assert.Equal([(17, 22), (58, 63)], windows);
    }

    [Fact]
    public void Windows_that_overlap_are_merged_and_a_long_run_keeps_its_whole_length()
    {
        Assert.Equal([(17, 25)], NabPointLabels.Draw(Labelled(100, 20, 23)));
        Assert.Equal([(10, 40)], NabPointLabels.Draw(Labelled(100, [.. Enumerable.Range(10, 31)])));
        Assert.Empty(NabPointLabels.Draw(Labelled(100)));
    }

    [Fact]
    public void A_labelled_export_is_read_with_its_own_header_and_times()
    {
        var path = Path.Combine(_folder, "export.csv");
        var lines = new List<string> { "TimeStamp,Value,Label" };
        for (var i = 0; i < 40; i++)
        {
            lines.Add($"\"2018-03-15T{i / 2:00}:{i % 2 * 30:00}:00Z\",{i},{(i == 30 ? "1" : i == 31 ? "true" : "0")}");
        }

        File.WriteAllLines(path, lines);

        Assert.True(NabPointLabels.TryRead(path, out var windows));
        var window = Assert.Single(windows);
        // One run (rows 30-31) in 40 rows: a window of 4 rows centred on it, rows 28 to 32.
        Assert.Equal(new DateTime(2018, 3, 15, 14, 0, 0), window.Start);
        Assert.Equal(new DateTime(2018, 3, 15, 16, 0, 0), window.End);
    }

    [Fact]
    public void A_malformed_row_is_rejected_with_the_file_and_line()
    {
        var path = Path.Combine(_folder, "bad.csv");
        File.WriteAllText(path, "timestamp,value,label\n2018-03-15 00:00:00,1,0\nyesterday,2,1\n");

        var error = Assert.Throws<AnomalyPlatform.Detector.TimeSeries.TimeSeriesFormatException>(() => NabPointLabels.TryRead(path, out _));

        Assert.Equal(3, error.Line);
        Assert.Contains("timestamp 'yesterday'", error.Reason);
    }

    [Fact]
    public void A_file_without_a_label_column_has_no_labels()
    {
        var path = Path.Combine(_folder, "plain.csv");
        File.WriteAllText(path, "timestamp,value\n2014-04-10 07:15:00,1\n");
        var binary = Path.Combine(_folder, "binary.csv");
        File.WriteAllBytes(binary, [0, 255, 1, 254, 10, 0, 13]);

        Assert.False(NabPointLabels.TryRead(path, out _));
        Assert.False(NabPointLabels.TryRead(binary, out _));
    }

    private static bool[] Labelled(int rows, params int[] anomalous)
    {
        var labels = new bool[rows];
        foreach (var i in anomalous)
        {
            labels[i] = true;
        }

        return labels;
    }
}
