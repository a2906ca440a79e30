using System.Globalization;
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

    [Fact]
    public void A_metric_reading_that_is_empty_NaN_or_null_is_a_gap_counted_per_metric_not_a_record_lost()
    {
        var latency = "2026-01-05T00:00:0{0},metric,cart,cart-1,latency_p99_ms,{1},,,,,,";
        var (records, rejects) = Read($"{Header}\n{Metric}\n3,{string.Format(CultureInfo.InvariantCulture, latency, 1, "nan")}\n"
            + $"4,{string.Format(CultureInfo.InvariantCulture, latency, 2, "NaN")}\n5,{string.Format(CultureInfo.InvariantCulture, latency, 3, "")}\n"
            + $"6,{Metric[2..].Replace("12.5", " nan ", StringComparison.Ordinal)}\n{Log}\n"
            + $"7,{string.Format(CultureInfo.InvariantCulture, latency, 4, "null")}\n8,{string.Format(CultureInfo.InvariantCulture, latency, 5, "N/A")}\n");

        Assert.Equal([TelemetryKind.Metric, TelemetryKind.Log], records.Select(r => r.Kind));
        Assert.Equal(0, rejects.Count);
        Assert.Equal(6, rejects.Valueless.Count);
        Assert.Equal([("latency_p99_ms", 5L), ("cpu_percent", 1L)], rejects.Valueless.ByMetric);
        Assert.Equal($"{PathOf("in.csv")}, line 3, value", rejects.Valueless.First);
    }

    [Fact]
    public void Gaps_do_not_take_the_places_of_the_mistakes_named()
    {
        var gaps = Enumerable.Range(0, 50).Select(i => $"{i + 10},2026-01-05T00:00:01Z,metric,cart,cart-1,latency_p99_ms,nan,,,,,,");
        var (records, rejects) = Read($"{Header}\n{string.Join('\n', gaps)}\n{Metric.Replace("12.5", "12,5", StringComparison.Ordinal)}\n");

        Assert.Empty(records);
        Assert.Equal(50, rejects.Valueless.Count);
        Assert.Equal($"{PathOf("in.csv")}, line 52, row: has 14 fields where the header has 13", Assert.Single(rejects.Reasons));
    }

    [Fact]
    public void A_span_without_a_duration_and_an_infinite_reading_are_still_mistakes()
    {
        var (records, rejects) = Read($"{Header}\n3,2026-01-05T00:00:02Z,span,cart,cart-1,GET /cart,nan,,OK,t1,s1,,\n{Metric.Replace("12.5", "inf", StringComparison.Ordinal)}\n"
            + $"{Metric.Replace("cpu_percent", "", StringComparison.Ordinal).Replace("12.5", "nan", StringComparison.Ordinal)}\n");

        Assert.Empty(records);
        Assert.Equal(0, rejects.Valueless.Count);
        Assert.Equal(
            [
                $"{PathOf("in.csv")}, line 2, value: 'nan' is not a number (a span's duration in ms)",
                $"{PathOf("in.csv")}, line 3, value: 'inf' is not a number (a metric's reading)",
                $"{PathOf("in.csv")}, line 4, name: is empty (a metric's name)",
            ],
            rejects.Reasons);
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private (List<TelemetryRecord> Records, InputRejects Rejects) Read(string text)
    {
        File.WriteAllText(PathOf("in.csv"), text);
        var records = new List<TelemetryRecord>();
        var rejects = new InputRejects();
        InputFiles.Read(PathOf("in.csv"), records, new StringPool(), rejects, pending: null, CancellationToken.None);
        return (records, rejects);
    }
}
