using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// JSON spread over many lines, value by value: a value too long to parse whole comes in pieces cut between the items of
/// its outermost array of objects or arrays, each piece a value of the same kind.
/// </summary>
public sealed class SpreadJsonValuesTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void Values_up_to_the_cut_come_whole_with_the_line_each_starts_on()
    {
        var text = "\uFEFF{\n  \"a\": [{\"b\": \"}]\\\" [\"}]\n}\n\n[1, 2]  \"x\" 17\n{}";

        var values = All(text, pieceBytes: 1000);

        Assert.Equal(
            [(1, "{\n  \"a\": [{\"b\": \"}]\\\" [\"}]\n}"), (5, "[1, 2]"), (5, "\"x\""), (5, "17"), (6, "{}")],
            values.Select(static v => (v.Line, v.Text)));
    }

    [Fact]
    public void A_long_answer_comes_in_pieces_of_its_kind_holding_every_item_once_in_order()
    {
        var events = Enumerable.Range(0, 60).Select(static i => new JsonObject { ["eventId"] = $"{i}", ["message"] = $"line {i} with [brackets] and {{braces}}" });
        var answer = new JsonObject { ["events"] = new JsonArray([.. events]), ["searchedLogStreams"] = new JsonArray(new JsonObject { ["logStreamName"] = "cart" }) };
        var text = answer.ToJsonString(Indented);

        var pieces = All(text, pieceBytes: 600);

        Assert.True(pieces.Count > 4, $"{pieces.Count} pieces");
        var read = pieces.Select(static p => JsonNode.Parse(p.Text)!.AsObject()).ToList();
        Assert.Equal(Enumerable.Range(0, 60).Select(static i => $"{i}"), read.SelectMany(static p => p["events"]!.AsArray()).Select(static e => (string)e!["eventId"]!));
        // What follows the array comes once, with the last piece.
        Assert.Equal([.. Enumerable.Repeat(false, pieces.Count - 1), true], read.Select(static p => p.ContainsKey("searchedLogStreams")));
        // Each piece starts on the line of its first item.
        var lines = text.Split('\n');
        foreach (var (line, piece) in pieces.Skip(1))
        {
            var first = (string)JsonNode.Parse(piece)!["events"]![0]!["eventId"]!;
            Assert.Contains($"\"eventId\": \"{first}\"", lines[line], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_nested_array_is_cut_with_everything_before_it_heading_each_piece()
    {
        var series = Enumerable.Range(0, 40).Select(static i => new JsonObject
        {
            ["metric"] = new JsonObject { ["pod"] = $"cart-{i}" },
            ["values"] = new JsonArray(new JsonArray(1767571200, "0.5"), new JsonArray(1767571260, "0.7")),
        });
        var answer = new JsonObject { ["status"] = "success", ["data"] = new JsonObject { ["resultType"] = "matrix", ["result"] = new JsonArray([.. series]) } };

        var pieces = All(answer.ToJsonString(Indented), pieceBytes: 1000);

        Assert.True(pieces.Count > 2, $"{pieces.Count} pieces");
        var read = pieces.Select(static p => JsonNode.Parse(p.Text)!).ToList();
        Assert.All(read, static p => Assert.Equal(("success", "matrix"), ((string)p["status"]!, (string)p["data"]!["resultType"]!)));
        Assert.Equal(40, read.Sum(static p => p["data"]!["result"]!.AsArray().Count));
    }

    [Fact]
    public void A_long_value_with_no_array_of_objects_or_arrays_to_cut_is_refused_where_it_starts()
    {
        var numbers = "\n{\"values\": [" + string.Join(",\n", Enumerable.Range(0, 500)) + "]}";

        var error = Assert.Throws<LongJsonValueException>(() => All(numbers, pieceBytes: 100, maxBytes: 1000));

        Assert.Equal(2, error.Line);
        Assert.Contains("with no array of objects or arrays to cut it at", error.Message);
    }

    [Fact]
    public void A_filter_log_events_answer_read_in_pieces_gives_the_records_it_gives_read_whole()
    {
        var events = Enumerable.Range(0, 200).Select(static i =>
            $$"""{"logStreamName": "shop/{{(i % 2 == 0 ? "cart" : "checkout")}}/4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e", "timestamp": {{1_767_571_200_000 + (i * 250)}}, "message": "{{(i % 7 == 0 ? "ERROR" : "INFO")}} request {{i}} {\"nested\": [1]}", "eventId": "{{i}}"}""");
        var answer = "{\n  \"events\": [\n    " + string.Join(",\n    ", events) + "\n  ],\n  \"searchedLogStreams\": []\n}\n";

        var (whole, wholeRejects) = Read(answer, SpreadJsonValues.PieceBytes);
        var (pieces, pieceRejects) = Read(answer, pieceBytes: 2048);

        Assert.Equal(200, whole.Count);
        Assert.Equal(whole, pieces);
        Assert.Equal((0, 0), (wholeRejects.Count, pieceRejects.Count));
    }

    [Fact]
    public void An_item_that_is_not_json_in_a_later_piece_is_named_by_its_line()
    {
        var events = Enumerable.Range(0, 50).Select(static i => i == 40 ? "{\"eventId\": oops}" : $$"""{"eventId": "{{i}}", "timestamp": 1767571200000, "logStreamName": "a", "message": "INFO x"}""");
        var answer = "{\"events\": [\n" + string.Join(",\n", events) + "\n]}";

        var (records, rejects) = Read(answer, pieceBytes: 500);

        Assert.InRange(records.Count, 1, 39);
        Assert.Contains("line 42, text: is not JSON from here on", Assert.Single(rejects.Reasons));
    }

    private static List<(long Line, string Text)> All(string text, long pieceBytes, long maxBytes = SpreadJsonValues.MaxBytes)
    {
        var values = new SpreadJsonValues(new MemoryStream(Encoding.UTF8.GetBytes(text)), pieceBytes, maxBytes);
        var all = new List<(long, string)>();
        while (values.TryNext(out var line, out var value))
        {
            all.Add((line, Encoding.UTF8.GetString(value.Span)));
        }

        return all;
    }

    private static (List<TelemetryRecord> Records, InputRejects Rejects) Read(string answer, long pieceBytes)
    {
        var file = new JsonInputFile("events.json", [], new StringPool(), new InputRejects(), new SpanExceptions());
        var reader = JsonTelemetryFormats.All.Single(format => format.Recognises(answer)).ReaderFor(file);
        JsonValues.ReadSpread(file.Path, new MemoryStream(Encoding.UTF8.GetBytes(answer)), file.Rejects, reader, CancellationToken.None, pieceBytes);
        return (file.Records, file.Rejects);
    }
}
