using System.Globalization;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// Bad input gets a clear error and loses nothing: <c>analyze</c> names the file, line and field, counts what it left
/// out, prints no stack trace for a user's mistake, and never stops half-way or drops data without saying so.
/// </summary>
public sealed class DamagedInputTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("damaged-input-").FullName;

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public async Task A_truncated_gzip_csv_is_refused_naming_the_file_and_how_far_it_got()
    {
        var whole = MeltCsvText.Gzip(MeltCsvText.Text(MeltCsvText.Lines(20_000)));
        await File.WriteAllBytesAsync(PathOf("half.csv.gz"), whole[..(whole.Length / 2)]);

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("half.csv.gz"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Matches($@"Cannot analyse: {System.Text.RegularExpressions.Regex.Escape(PathOf("half.csv.gz"))}: the file is truncated: .* after [\d,]+ whole lines of text", errors);
        Assert.DoesNotContain("Read ", console);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task A_truncated_gzip_of_otlp_json_lines_is_refused_too()
    {
        var line = """{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"cart"}}]},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1767571200000000000","severityText":"INFO","body":{"stringValue":"ok"}}]}]}]}""";
        var whole = MeltCsvText.Gzip(string.Concat(Enumerable.Repeat(line + "\n", 2000)));
        await File.WriteAllBytesAsync(PathOf("logs.jsonl.gz"), whole[..(whole.Length * 2 / 3)]);

        var (exitCode, _, errors) = await AnalyzeAsync(PathOf("logs.jsonl.gz"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"{PathOf("logs.jsonl.gz")}: the file is truncated", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task A_corrupt_gzip_is_refused_in_one_line_without_a_stack_trace()
    {
        var corrupt = MeltCsvText.Gzip(MeltCsvText.Text(MeltCsvText.Lines(20_000)));
        var random = new Random(2);
        for (var i = 0; i < 50; i++)
        {
            corrupt[(corrupt.Length / 2) + i] = (byte)random.Next(256);
        }

        await File.WriteAllBytesAsync(PathOf("corrupt.csv.gz"), corrupt);

        var (exitCode, _, errors) = await AnalyzeAsync(PathOf("corrupt.csv.gz"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"Cannot analyse: {PathOf("corrupt.csv.gz")}: the gzip data", errors);
        Assert.Contains("corrupt", errors);
        Assert.DoesNotContain("Unhandled exception", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task An_unclosed_quote_counts_every_line_it_swallowed_and_says_what_happened()
    {
        var lines = MeltCsvText.Lines(20_000);
        lines[1000] += ",\"unterminated";
        await File.WriteAllTextAsync(PathOf("quote.csv"), MeltCsvText.Text(lines));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("quote.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("Read 999 records", console); // a minute and a half: no metric series holds as many readings in most of its minutes
        Assert.Contains("19,001 record(s) could not be read and were left out", console);
        Assert.Contains(
            $"{PathOf("quote.csv")}, line 1001, row: an unclosed quote at line 1001 ran to the end of the file: 19,001 lines read as one row", console);
    }

    [Fact]
    public async Task A_large_loss_is_named_even_after_many_small_ones()
    {
        var lines = MeltCsvText.Lines(2000);
        for (var i = 1; i <= 60; i += 4)
        {
            lines[i] = lines[i].Replace(",metric,", ",gauge,", StringComparison.Ordinal);
        }

        lines[1000] += ",\"unterminated";
        lines[1500] += ",\"";

        await File.WriteAllTextAsync(PathOf("quotes.csv"), MeltCsvText.Text(lines));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("quotes.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("516 record(s) could not be read and were left out; the first, and every loss of more than one record:", console);
        Assert.Contains("line 1001, row: a quote opened at line 1001 closed only at line 1501: 501 lines read as one row", console);
    }

    [Theory]
    [InlineData("value")]
    [InlineData("VALUE")]
    public async Task A_column_named_twice_is_refused_naming_the_file_and_the_column(string second)
    {
        var lines = MeltCsvText.Lines(100).Select((line, i) => line + (i == 0 ? "," + second : ",1")).ToList();
        await File.WriteAllTextAsync(PathOf("twice.csv"), MeltCsvText.Text(lines));

        var (exitCode, _, errors) = await AnalyzeAsync(PathOf("twice.csv"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"Cannot analyse: {PathOf("twice.csv")}: the header names the column '{second}' twice (columns 7 and 14)", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public async Task Column_names_are_found_in_any_letter_case()
    {
        var lines = MeltCsvText.Lines(2000);
        lines[0] = lines[0].ToUpperInvariant();
        await File.WriteAllTextAsync(PathOf("upper.csv"), MeltCsvText.Text(lines));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("upper.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        // Its six metric series, read ten times a second, are read once a minute: 1,000 other records and 24 readings.
        Assert.Contains("Read 1,024 records", console);
    }

    [Fact]
    public async Task A_record_far_outside_the_time_of_the_rest_is_named_and_left_out_so_the_rest_is_analysed_as_without_it()
    {
        var lines = MeltCsvText.Lines(2000);
        lines[1001] = lines[1001].Replace("2026-01-05T00:01:40.000Z", "1970-01-01T00:00:00.000Z", StringComparison.Ordinal);
        await File.WriteAllTextAsync(PathOf("epoch.csv"), MeltCsvText.Text(lines));
        var without = lines.Where((_, index) => index != 1001).ToList();
        await File.WriteAllTextAsync(PathOf("without.csv"), MeltCsvText.Text(without));

        var (exitCode, console, errors) = await AnalyzeIntoAsync(PathOf("epoch-out"), PathOf("epoch.csv"));
        var (_, consoleWithout, _) = await AnalyzeIntoAsync(PathOf("without-out"), PathOf("without.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("Time range read: 1970-01-01 00:00:00 UTC to 2026-01-05 00:03:19 UTC", console);
        Assert.Contains("1 record(s) lie far outside the time of the rest (2026-01-05 00:00:00 UTC to 2026-01-05 00:03:19 UTC, 3.3 min) and were left out of the analysis", console);
        Assert.Contains("  metric cpu_percent of cart at 1970-01-01 00:00:00 UTC (record_id 1000)", console);
        // Five of its six metric series read once a minute; cart's CPU, one reading short, holds as many in no majority of minutes.
        Assert.Contains("Read 1,186 records", console);
        // What is found is what the same file without that row gives (ids are the input's in both).
        Assert.Equal(
            Anomalies(await File.ReadAllTextAsync(Path.Combine(PathOf("without-out"), "anomalies.json"))),
            Anomalies(await File.ReadAllTextAsync(Path.Combine(PathOf("epoch-out"), "anomalies.json"))));
        Assert.Contains("Read 1,186 records", consoleWithout);

        static string Anomalies(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("anomalies").GetRawText();
    }

    [Fact]
    public async Task Records_close_together_in_time_raise_no_warning()
    {
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(2000)));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("day.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("Time range read: 2026-01-05 00:00:00 UTC to 2026-01-05 00:03:19 UTC (3.3 min)", console);
        Assert.DoesNotContain("far outside", console);
        Assert.DoesNotContain("Record ids were not unique", console);
    }

    [Theory]
    [InlineData("\"start\":\"2026-01-05T00:01:00Z\"", "incident 'INC-1' has no end")]
    [InlineData("\"start\":\"2026-01-05T00:01:00Z\",\"end\":\"2026-01-05T00:00:30Z\"", "incident 'INC-1' ends (2026-01-05 00:00:30 UTC) before it starts (2026-01-05 00:01:00 UTC)")]
    [InlineData("\"end\":\"2026-01-05T00:01:00Z\"", "incident 'INC-1' has no start")]
    [InlineData("\"start\":\"yesterday\",\"end\":\"2026-01-05T00:01:00Z\"", "not a list of incidents in the incidents.json format (line 1, $[0].start): start must be an ISO 8601 time in quotes, such as \"2026-01-05T00:01:00Z\"")]
    [InlineData("\"start\":1767571260,\"end\":1767571320", "not a list of incidents in the incidents.json format (line 1, $[0].start): start must be an ISO 8601 time in quotes")]
    public async Task A_malformed_known_incident_is_refused_naming_the_file_and_the_incident(string window, string problem)
    {
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(100)));
        await File.WriteAllTextAsync(PathOf("incidents.json"), $$"""[{"incident_id":"INC-1","root_cause_service":"cart",{{window}}}]""");

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("day.csv"), "--incidents", PathOf("incidents.json"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"Cannot analyse: {PathOf("incidents.json")}: {problem}", errors);
        Assert.DoesNotContain("Read ", console);
    }

    [Fact]
    public async Task A_known_incident_outside_the_data_is_warned_of()
    {
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(2000)));
        await File.WriteAllTextAsync(PathOf("incidents.json"), """
            [{"incident_id":"INC-1","root_cause_service":"cart","start":"2026-01-05T00:01:00Z","end":"2026-01-05T00:02:00Z"},
             {"incident_id":"INC-2","root_cause_service":"cart","start":"2026-01-06T00:01:00Z","end":"2026-01-06T00:02:00Z"}]
            """);

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("day.csv"), "--incidents", PathOf("incidents.json"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("1 known incident(s) lie outside the time the input covers: no record can belong to them, so each counts as missed: INC-2 (2026-01-06 00:01:00 UTC", console);
    }

    [Fact]
    public async Task A_known_incident_blaming_a_service_the_data_does_not_name_is_warned_of_with_the_likely_name()
    {
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(2000)));
        await File.WriteAllTextAsync(PathOf("incidents.json"), """
            [{"incident_id":"INC-1","root_cause_service":"Cart","start":"2026-01-05T00:01:00Z","end":"2026-01-05T00:02:00Z"},
             {"incident_id":"INC-2","root_cause_service":"cart","start":"2026-01-05T00:02:00Z","end":"2026-01-05T00:02:30Z"},
             {"incident_id":"INC-3","root_cause_service":"billing","start":"2026-01-05T00:02:30Z","end":"2026-01-05T00:03:00Z"}]
            """);

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("day.csv"), "--incidents", PathOf("incidents.json"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains(
            "The known incidents blame 2 service(s) no record names: the ranking can never name them, so their incidents count as missed: 'Cart' (the input has 'cart'), 'billing'",
            console);
    }

    [Fact]
    public async Task The_same_file_given_twice_is_refused_before_it_is_read()
    {
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(100)));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("day.csv"), Path.Combine(_folder, ".", "day.csv"));

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"Cannot analyse: --input names {PathOf("day.csv")} 2 times", errors);
        Assert.DoesNotContain("Read ", console);
    }

    [Fact]
    public async Task Columns_outside_the_schema_are_named_as_not_read_and_a_semicolon_file_is_told_so()
    {
        var lines = MeltCsvText.Lines(100);
        lines[0] = lines[0].Replace("message", "mesage", StringComparison.Ordinal) + ",region";
        await File.WriteAllTextAsync(PathOf("misspelt.csv"), MeltCsvText.Text(lines.Select((line, i) => i == 0 ? line : line + ",eu")));
        await File.WriteAllTextAsync(PathOf("semicolons.csv"), MeltCsvText.Text(MeltCsvText.Lines(10).Select(static line => line.Replace(',', ';'))));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("misspelt.csv"));
        var (semicolonExit, _, semicolonErrors) = await AnalyzeAsync(PathOf("semicolons.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains($"{PathOf("misspelt.csv")}: 2 columns not in the MELT schema, not read ('mesage', 'region')", console);
        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, semicolonExit);
        Assert.Contains("the header is one column holding semicolons: the file seems separated by semicolons", semicolonErrors);
    }

    [Fact]
    public async Task Spans_whose_parents_the_input_lacks_are_counted_before_they_show_as_missing_spans()
    {
        // Every span names a parent: those of the first 400 records' spans are not in the file (their caller was not exported).
        var lines = MeltCsvText.Lines(2000).Select((line, i) => i is > 0 and <= 400 && line.Contains(",span,", StringComparison.Ordinal)
            ? line[..^1] + "ffffffffffffffff," : line).ToList();
        await File.WriteAllTextAsync(PathOf("orphans.csv"), MeltCsvText.Text(lines));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("orphans.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("100 of 500 spans (20.0 %) name a parent span the input does not hold", console);
    }

    [Fact]
    public async Task An_empty_file_among_the_inputs_is_said_and_the_others_analysed_but_empty_files_alone_are_refused()
    {
        // A Collector's file exporter leaves an empty file for a signal it received none of (here the traces).
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(2000)));
        await File.WriteAllTextAsync(PathOf("traces.jsonl"), "");
        await File.WriteAllTextAsync(PathOf("blank.csv"), "\n \n");

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("traces.jsonl"), PathOf("day.csv"));
        var (emptyExit, emptyConsole, emptyErrors) = await AnalyzeIntoAsync(PathOf("out-empty"), PathOf("traces.jsonl"), PathOf("blank.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains($"{PathOf("traces.jsonl")} is empty: nothing read from it", console);
        Assert.True(File.Exists(PathOf("out/anomalies.json")));
        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, emptyExit);
        Assert.Contains($"{PathOf("blank.csv")} is empty: nothing read from it", emptyConsole);
        Assert.Contains("no record could be read; nothing to analyse", emptyErrors);
    }

    [Fact]
    public async Task Without_spans_it_says_the_calls_between_services_are_read_from_log_lines_with_a_trace_id()
    {
        // The spans left out; the log lines carry trace ids, four lines a request.
        var lines = MeltCsvText.Lines(2000).Where(static line => !line.Contains(",span,", StringComparison.Ordinal))
            .Select((line, i) => i > 0 && line.Contains(",log,", StringComparison.Ordinal) ? WithTrace(line, $"{(i / 4) + 1:x32}") : line).ToList();
        var logs = lines.Count(static line => line.Contains(",log,", StringComparison.Ordinal));
        await File.WriteAllTextAsync(PathOf("untraced.csv"), MeltCsvText.Text(lines));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("untraced.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"{logs:N0}") + " log lines carry a trace id: with no spans, the calls between services are read from each request's lines", console);

        static string WithTrace(string line, string trace)
        {
            var fields = line.Split(',');
            fields[9] = trace;
            return string.Join(',', fields);
        }
    }

    [Fact]
    public async Task Log_lines_of_requests_with_no_span_say_the_traces_look_sampled()
    {
        // Every log line carries its request's trace id; half of those requests were not traced (head sampling). Line i
        // holds record i - 1; a log record r is followed by the span of record r + 1, whose trace id is r + 1 (i) in hex.
        var lines = MeltCsvText.Lines(2000).Select((line, i) => i > 0 && line.Contains(",log,", StringComparison.Ordinal)
            ? WithTrace(line, (i - 1) % 8 == 1 ? $"{i:x32}" : $"{i + 100_000:x32}") : line).ToList();
        await File.WriteAllTextAsync(PathOf("sampled.csv"), MeltCsvText.Text(lines));
        await File.WriteAllTextAsync(PathOf("whole.csv"), MeltCsvText.Text(MeltCsvText.Lines(2000)));

        var (exitCode, console, errors) = await AnalyzeAsync(PathOf("sampled.csv"));
        var (_, whole, _) = await AnalyzeAsync(PathOf("whole.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("250 of 500 log lines with a trace id (50.0 %) name a trace the input holds no span of", console);
        Assert.DoesNotContain("name a trace the input holds no span of", whole);
        // The report's reader, who sees no console, is told too.
        Assert.Contains("<h3>About the data</h3>", await File.ReadAllTextAsync(PathOf("out/report.html")), StringComparison.Ordinal);

        static string WithTrace(string line, string trace)
        {
            var fields = line.Split(',');
            fields[9] = trace;
            return string.Join(',', fields);
        }
    }

    [Fact]
    public async Task Minutes_whose_request_logs_were_not_collected_are_said_so_in_the_report()
    {
        // Forty requests a minute for twenty minutes, each writing an INFO line in its span; the copy kept the lines of the
        // first five minutes only.
        var lines = new List<string> { MeltCsvText.Header };
        var id = 0;
        for (var minute = 0; minute < 20; minute++)
        {
            for (var request = 0; request < 40; request++)
            {
                var time = MeltCsvText.Start.AddMinutes(minute).AddMilliseconds(1_000 * request).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
                var trace = $"{id:x32}";
                lines.Add($"{id++},{time},span,cart,cart-1,GET /cart,{10 + (request % 7)},,OK,{trace},{request + 1:x16},,");
                if (minute < 5)
                {
                    lines.Add($"{id++},{time},log,cart,cart-1,app,0,INFO,,{trace},{request + 1:x16},,cart read");
                }
            }
        }

        await File.WriteAllTextAsync(PathOf("gaps.csv"), MeltCsvText.Text(lines));

        var (exitCode, _, errors) = await AnalyzeAsync(PathOf("gaps.csv"));

        // The console has it as the root-cause stage's logged warning; the report's reader sees it beside the results.
        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        var report = await File.ReadAllTextAsync(PathOf("out/report.html"));
        Assert.Contains("15 of the 20 traced minutes have no request log line (DEBUG or INFO) at any service", report);
    }

    [Fact]
    public async Task A_folder_given_as_the_known_incidents_is_refused_as_a_folder()
    {
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(100)));

        var (exitCode, _, errors) = await AnalyzeAsync(PathOf("day.csv"), "--incidents", _folder);

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
        Assert.Contains($"Cannot analyse: {_folder}: is a folder, not an incidents.json file", errors);
    }

    [Fact]
    public async Task An_analysis_without_incidents_leaves_no_evaluation_from_an_earlier_one_beside_its_results()
    {
        await File.WriteAllTextAsync(PathOf("day.csv"), MeltCsvText.Text(MeltCsvText.Lines(2000)));
        await File.WriteAllTextAsync(PathOf("incidents.json"), """
            [{"incident_id":"INC-1","root_cause_service":"cart","start":"2026-01-05T00:01:00Z","end":"2026-01-05T00:02:00Z"}]
            """);
        Assert.Equal(EmbeddedPipeline.Succeeded, (await AnalyzeAsync(PathOf("day.csv"), "--incidents", PathOf("incidents.json"))).ExitCode);
        Assert.True(File.Exists(PathOf("out/evaluation.json")));
        await File.WriteAllTextAsync(PathOf("out/notes.txt"), "mine");

        var (exitCode, _, errors) = await AnalyzeAsync(PathOf("day.csv"));

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.False(File.Exists(PathOf("out/evaluation.json")));
        Assert.True(File.Exists(PathOf("out/anomalies.json")));
        Assert.True(File.Exists(PathOf("out/notes.txt")));
    }

    /// <summary>Runs <c>analyze</c>: its exit code, what it printed and, apart, what it reported as errors.</summary>
    private Task<(int ExitCode, string Console, string Errors)> AnalyzeAsync(params string[] arguments) => AnalyzeIntoAsync(PathOf("out"), arguments);

    private static async Task<(int ExitCode, string Console, string Errors)> AnalyzeIntoAsync(string output, params string[] arguments)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;
        var exitCode = await PlatformCli.Create(console, errors).Parse(["analyze", "--input", .. arguments, "--out", output]).InvokeAsync();
        return (exitCode, console.Output, errors.Output);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
