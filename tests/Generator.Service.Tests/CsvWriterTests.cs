using System.Text;
using AnomalyPlatform.Contracts.Telemetry;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Generator.Tests;

public sealed class CsvWriterTests
{
    private static string WriteData(params TelemetryRecord[] records)
    {
        using var stream = new MemoryStream();
        using (var writer = new SyntheticDataCsvWriter(stream, leaveOpen: true))
        {
            writer.Write(records);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Message_with_comma_and_quote_is_quoted_per_rfc_4180()
    {
        var record = new TelemetryRecord(7, new DateTime(2026, 1, 5, 1, 2, 3, 45, DateTimeKind.Utc), TelemetryKind.Log, "payment", "payment-1",
            "request_failed", 0, LogLevel.Error, Message: "payment declined: code=\"card_declined\", retry=false");

        var lines = WriteData(record).Split('\n');

        Assert.Equal(string.Join(',', SyntheticDataCsvWriter.Columns), lines[0]);
        Assert.Equal(
            "7,2026-01-05T01:02:03.045Z,log,payment,payment-1,request_failed,0,ERROR,,,,,\"payment declined: code=\"\"card_declined\"\", retry=false\"",
            lines[1]);
    }

    [Fact]
    public void Message_with_line_breaks_is_quoted_and_kept_whole()
    {
        var record = new TelemetryRecord(3, new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc), TelemetryKind.Log, "auth", "auth-1",
            "unhandled_exception", 0, LogLevel.Error, Message: "first line\r\nsecond line\nthird");

        var text = WriteData(record);

        Assert.EndsWith(",\"first line\r\nsecond line\nthird\"\n", text);
    }

    [Fact]
    public void Field_larger_than_the_write_buffer_is_written_whole_between_its_neighbours()
    {
        var message = string.Concat(Enumerable.Repeat("é, \"x\" ", 40_000));
        var records = new[]
        {
            new TelemetryRecord(0, new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc), TelemetryKind.Log, "auth", "auth-1", "t", 0, LogLevel.Info, Message: "before"),
            new TelemetryRecord(1, new DateTime(2026, 1, 5, 0, 0, 1, DateTimeKind.Utc), TelemetryKind.Log, "auth", "auth-1", "t", 0, LogLevel.Info, Message: message),
            new TelemetryRecord(2, new DateTime(2026, 1, 5, 0, 0, 2, DateTimeKind.Utc), TelemetryKind.Log, "auth", "auth-1", "t", 0, LogLevel.Info, Message: "after"),
        };

        var rows = ReadRows(new MemoryStream(Encoding.UTF8.GetBytes(WriteData(records))), SyntheticDataCsvWriter.Columns);

        Assert.Equal(["before", message, "after"], rows.Select(r => r["message"]));
    }

    [Fact]
    public void Span_row_has_status_ids_and_duration_and_empty_nulls()
    {
        var record = new TelemetryRecord(0, new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc), TelemetryKind.Span, "cart", "cart-2", "GetCart",
            12.345, Status: SpanStatus.Error, TraceId: new string('a', 32), SpanId: new string('b', 16), ParentSpanId: null);

        var row = WriteData(record).Split('\n')[1];

        Assert.Equal($"0,2026-01-05T00:00:00.000Z,span,cart,cart-2,GetCart,12.345,,ERROR,{new string('a', 32)},{new string('b', 16)},,", row);
    }

    [Theory]
    [InlineData(0.00004, "0.00004")]
    [InlineData(1234.5, "1234.5")]
    [InlineData(0.0, "0")]
    public void Values_are_written_in_plain_decimal_notation(double value, string expected)
    {
        var record = new TelemetryRecord(1, new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc), TelemetryKind.Metric, "cache", "cache-1", "error_rate", value);

        var cells = WriteData(record).Split('\n')[1].Split(',');

        Assert.Equal(expected, cells[6]);
    }

    [Fact]
    public void Header_is_written_even_before_any_row()
    {
        using var stream = new MemoryStream();
        using (new LabelsCsvWriter(stream, leaveOpen: true))
        {
        }

        Assert.Equal("record_id,is_anomaly,anomaly_type,incident_id,is_root_cause\n", Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void Every_label_row_matches_a_data_row_in_the_written_files()
    {
        var run = GeneratedRun.Create(12_000, batchSize: 2_500);
        using var data = new MemoryStream();
        using var labels = new MemoryStream();
        using (var dataWriter = new SyntheticDataCsvWriter(data, leaveOpen: true))
        using (var labelsWriter = new LabelsCsvWriter(labels, leaveOpen: true))
        {
            foreach (var batch in run.Batches)
            {
                dataWriter.Write(batch.Records);
                labelsWriter.Write(batch.Labels);
            }
        }

        var dataRows = ReadRows(data, SyntheticDataCsvWriter.Columns);
        var labelRows = ReadRows(labels, LabelsCsvWriter.Columns);

        Assert.Equal(run.Records.Count, dataRows.Count);
        Assert.Equal(dataRows.Select(r => r["record_id"]), labelRows.Select(r => r["record_id"]));
        Assert.Equal(run.Records.Select(r => r.Message ?? ""), dataRows.Select(r => r["message"]));
        Assert.Equal(run.Labels.Select(l => l.IsAnomaly ? "true" : "false"), labelRows.Select(r => r["is_anomaly"]));
        Assert.Equal(run.Labels.Select(l => l.IncidentId ?? ""), labelRows.Select(r => r["incident_id"]));
        Assert.Equal(run.Labels.Select(l => l.IsRootCause ? "true" : "false"), labelRows.Select(r => r["is_root_cause"]));
        Assert.Contains(labelRows, r => r["is_root_cause"] == "true");
        Assert.Equal(run.Records.Select(r => r.Value), dataRows.Select(r => double.Parse(r["value"], System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static List<Dictionary<string, string>> ReadRows(MemoryStream stream, string[] columns)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal(columns, reader.Header.ColNames);
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>();
            foreach (var column in columns)
            {
                values[column] = row[column].ToString();
            }

            rows.Add(values);
        }

        return rows;
    }
}
