using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// What a MELT CSV row must hold to be a record: a row that would be read wrong (a date read month first, metrics with
/// no name merged into one series) is left out and named, and an empty line, which holds no record, is not counted lost.
/// </summary>
public sealed class MeltCsvRowTests : IDisposable
{
    private const string Header = "record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message";
    private const string Metric = "1,2026-01-05T00:00:00Z,metric,cart,cart-1,cpu_percent,12.5,,,,,,";
    private const string Log = "2,2026-01-05T00:00:01Z,log,cart,cart-1,app,0,ERROR,,,,,payment declined";

    private readonly string _folder = Directory.CreateTempSubdirectory("melt-csv-rows-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Empty_lines_anywhere_are_skipped_and_not_counted_as_lost()
    {
        var (records, rejects) = Read($"\n{Header}\n{Metric}\n\n{Log}\n\n\n");

        Assert.Equal(2, records.Count);
        Assert.Equal(0, rejects.Count);
    }

    [Theory]
    [InlineData("05/01/2026 00:00:00")]
    [InlineData("5.1.2026 00:00")]
    [InlineData("05-01-2026T00:00:00Z")]
    public void A_date_that_does_not_say_whether_day_or_month_comes_first_is_left_out_and_named(string timestamp)
    {
        var (records, rejects) = Read($"{Header}\n{Metric.Replace("2026-01-05T00:00:00Z", timestamp, StringComparison.Ordinal)}\n{Log}\n");

        Assert.Equal([TelemetryKind.Log], records.Select(r => r.Kind));
        Assert.StartsWith(
            $"{PathOf("in.csv")}, line 2, timestamp: '{timestamp}' does not say whether it is day or month first: write ISO 8601",
            Assert.Single(rejects.Reasons),
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-01-05 00:00:00", 2026, 1, 5)]
    [InlineData("Mon, 05 Jan 2026 00:00:00 GMT", 2026, 1, 5)]
    [InlineData("1767571200", 2026, 1, 5)]
    public void Dates_that_say_which_part_is_which_are_read(string timestamp, int year, int month, int day)
    {
        var (records, rejects) = Read($"{Header}\n{Metric.Replace("2026-01-05T00:00:00Z", timestamp.Contains(',') ? $"\"{timestamp}\"" : timestamp, StringComparison.Ordinal)}\n");

        Assert.Equal(0, rejects.Count);
        Assert.Equal(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc), Assert.Single(records).Timestamp);
    }

    [Fact]
    public void A_span_that_ends_before_it_starts_is_left_out_and_named()
    {
        var (records, rejects) = Read($"{Header}\n3,2026-01-05T00:00:02Z,span,cart,cart-1,GET /cart,-12.5,,OK,t1,s1,,\n{Log}\n");

        Assert.Single(records);
        Assert.Equal(
            $"{PathOf("in.csv")}, line 2, value: '-12.5' is negative (a span's duration in ms; a span cannot end before it starts)",
            Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void A_metric_without_a_name_is_left_out_as_it_would_merge_into_the_services_other_metrics()
    {
        var (records, rejects) = Read($"{Header}\n{Metric.Replace("cpu_percent", "", StringComparison.Ordinal)}\n{Log}\n");
        var (_, noColumn) = Read("timestamp,kind,service,value\n2026-01-05T00:00:00Z,metric,cart,12.5\n2026-01-05T00:00:01Z,span,cart,3\n");

        Assert.Single(records);
        Assert.Equal($"{PathOf("in.csv")}, line 2, name: is empty (a metric's name)", Assert.Single(rejects.Reasons));
        // A span may go unnamed: its service and parent still place it.
        Assert.Equal(
            $"{PathOf("in.csv")}, line 2, name: the header has no 'name' column, so a metric cannot be told from the service's others",
            Assert.Single(noColumn.Reasons));
    }

    [Fact]
    public void Without_a_value_column_each_metric_and_span_is_left_out_saying_the_column_is_missing()
    {
        var (records, rejects) = Read("timestamp,kind,service,name,vaule\n2026-01-05T00:00:00Z,metric,cart,cpu_percent,12.5\n2026-01-05T00:00:01Z,log,cart,app,\n");

        Assert.Equal([TelemetryKind.Log], records.Select(r => r.Kind));
        Assert.Equal(
            $"{PathOf("in.csv")}, line 2, value: the header has no 'value' column, so a metric's reading cannot be read",
            Assert.Single(rejects.Reasons));
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private (List<TelemetryRecord> Records, InputRejects Rejects) Read(string text)
    {
        File.WriteAllText(PathOf("in.csv"), text);
        var records = new List<TelemetryRecord>();
        var rejects = new InputRejects();
        InputFiles.Read(PathOf("in.csv"), records, new StringPool(), rejects, cumulative: null, CancellationToken.None);
        return (records, rejects);
    }
}
