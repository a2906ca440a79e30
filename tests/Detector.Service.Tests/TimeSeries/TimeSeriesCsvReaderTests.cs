using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.TimeSeries;

public sealed class TimeSeriesCsvReaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anomaly-ts-" + Guid.NewGuid().ToString("N"));

    public TimeSeriesCsvReaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Nab_format_file_is_read_in_order_with_its_texts()
    {
        var path = Write("timestamp,value\n2014-04-10 07:15:00,21.5\n2014-04-10 07:20:00,-3e2\n");

        var series = TimeSeriesCsvReader.Read(path);

        Assert.Equal(2, series.Count);
        Assert.Equal(new DateTime(2014, 4, 10, 7, 20, 0), series.Timestamps[1]);
        Assert.Equal(-300.0, series.Values[1]);
        Assert.Equal("-3e2", series.ValueTexts[1]);
        Assert.Equal(0, series.BackwardSteps);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("timestamp,value\n", 2, "no data rows")]
    [InlineData("time,value\n2014-04-10 07:15:00,1\n", 1, "no 'timestamp' column")]
    [InlineData("timestamp,reading\n2014-04-10 07:15:00,1\n", 1, "no 'value' column")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,1\nyesterday,2\n", 3, "timestamp 'yesterday'")]
    [InlineData("timestamp,value\n0,1\n1,2\n", 2, "timestamp '0' is a number below 100000000")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,1\n2014-04-10 07:20:00,abc\n", 3, "value 'abc' is not a finite number")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,-Infinity\n", 2, "value '-Infinity' is not a finite number")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,NaN\n2014-04-10 07:20:00,\n", 2, "no row has a value (2 rows with no value: empty, NaN, NA, N/A, null, None, #N/A or the like)")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,1\n2014-04-10 07:20:00,2,3\n", 3, "")]
    public void Malformed_file_is_rejected_with_file_line_and_reason(string content, int line, string reason)
    {
        var path = Write(content);

        var error = Assert.Throws<TimeSeriesFormatException>(() => TimeSeriesCsvReader.Read(path));

        Assert.Equal(path, error.File);
        Assert.Equal(line, error.Line);
        Assert.Contains(reason, error.Reason);
        Assert.StartsWith($"{path}, line {line}: ", error.Message);
    }

    [Fact]
    public void Unix_time_in_milliseconds_is_read_as_exporters_write_it_and_its_text_kept()
    {
        var path = Write("timestamp,value\n1397114100000,1\n1397114400000,2\n");

        var series = TimeSeriesCsvReader.Read(path);

        Assert.Equal(new DateTime(2014, 4, 10, 7, 20, 0), series.Timestamps[1]);
        Assert.Equal("1397114400000", series.TimestampTexts[1]);
    }

    [Fact]
    public void Named_columns_of_a_wider_file_are_read_and_a_missing_one_is_reported_as_such()
    {
        var path = Write("time,cpu,memory\n2014-04-10 07:15:00,1.5,900\n2014-04-10 07:20:00,2.5,901\n");

        var series = TimeSeriesCsvReader.Read(path, valueColumn: "CPU", timestampColumn: "Time");
        var error = Assert.Throws<TimeSeriesFormatException>(() => TimeSeriesCsvReader.Read(path, valueColumn: "disk", timestampColumn: "time"));

        Assert.Equal([1.5, 2.5], series.Values);
        Assert.Equal("disk", error.MissingColumn);
    }

    [Fact]
    public async Task A_gzipped_series_from_a_named_pipe_reads_as_the_file_would()
    {
        // A pipe cannot be rewound: the reader must tell gzip and find the header in one pass, front to back.
        const string Csv = "timestamp,value\n2014-04-10 07:15:00,1.5\n2014-04-10 07:20:00,2.5\n";
        var file = Write(Csv);
        var pipe = Path.Combine(_folder, "series.pipe");
        using (var mkfifo = Process.Start("mkfifo", pipe))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(pipe, FileMode.Open, FileAccess.Write);
            await using var gzip = new GZipStream(stream, CompressionLevel.Fastest);
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(Csv));
        });
        var fromPipe = TimeSeriesCsvReader.Read(pipe);
        await writer;

        Assert.Equal(TimeSeriesCsvReader.Read(file).Values, fromPipe.Values);
        Assert.Equal(new DateTime(2014, 4, 10, 7, 20, 0), fromPipe.Timestamps[1]);
    }

    [Theory]
    [InlineData("\n\n")]
    [InlineData("\uFEFF  \ntimestamp,value\n")]
    public void A_file_whose_first_line_is_blank_is_refused_as_empty(string content)
    {
        var error = Assert.Throws<TimeSeriesFormatException>(() => TimeSeriesCsvReader.Read(Write(content)));

        Assert.Equal(1, error.Line);
        Assert.Contains("the file is empty", error.Reason);
    }

    [Fact]
    public void Rows_without_a_value_are_left_out_counted_and_named_by_line()
    {
        // As exporters write a reading not taken: nothing, NaN, pandas' and R's NA markers, a database's null, Excel's #N/A.
        var path = Write("timestamp,value\n2014-04-10 07:15:00,1\n2014-04-10 07:20:00,\n2014-04-10 07:25:00,nan\n2014-04-10 07:30:00,4\n"
            + "2014-04-10 07:35:00,null\n2014-04-10 07:40:00,N/A\n2014-04-10 07:45:00,#N/A\n2014-04-10 07:50:00,None\n");

        var series = TimeSeriesCsvReader.Read(path);

        Assert.Equal([1.0, 4.0], series.Values);
        Assert.Equal(6, series.MissingValues);
        Assert.Equal([3, 4, 6, 7, 8, 9], series.FirstMissingLines);
        Assert.Equal("6 row(s) without a value (empty, NaN, NA, N/A, null, None, #N/A or the like) left out (line 3, 4, 6, 7, 8, 9)", series.MissingValuesNote);
    }

    [Fact]
    public void Header_names_match_in_any_letter_case_and_extra_columns_are_ignored()
    {
        var path = Write("TimeStamp,Value,Label\n\"2018-03-15T00:00:00Z\",\"3\",0\n\"2018-03-15T01:00:00Z\",5,1\n");

        var series = TimeSeriesCsvReader.Read(path);

        Assert.Equal([3.0, 5.0], series.Values);
        Assert.Equal(new DateTime(2018, 3, 15, 1, 0, 0), series.Timestamps[1]);
        Assert.Equal(0, series.MissingValues);
    }

    [Fact]
    public void Timestamp_stepping_back_is_kept_in_file_order_and_counted()
    {
        var path = Write("timestamp,value\n2014-01-07 02:55:00,1\n2014-01-07 02:00:00,2\n2014-01-07 02:05:00,3\n");

        var series = TimeSeriesCsvReader.Read(path);

        Assert.Equal(3, series.Count);
        Assert.Equal(1, series.BackwardSteps);
        Assert.Equal([1.0, 2.0, 3.0], series.Values);
    }

    private string Write(string content)
    {
        var path = Path.Combine(_folder, Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllText(path, content);
        return path;
    }
}
