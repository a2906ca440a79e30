using AnomalyPlatform.Cli.Commands;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Commands;

public sealed class DetectCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anomaly-detect-" + Guid.NewGuid().ToString("N"));

    public DetectCommandTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Detect_writes_one_scored_row_per_input_row()
    {
        var input = Path.Combine(_folder, "series.csv");
        var output = Path.Combine(_folder, "out", "scores.csv");
        var start = new DateTime(2014, 4, 1);
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < 1500; i++)
        {
            var value = 10 + (5 * Math.Sin(2 * Math.PI * i / 288)) + (i == 1200 ? 50 : 0);
            lines.Add($"{start.AddMinutes(5 * i):yyyy-MM-dd HH:mm:ss},{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        await File.WriteAllLinesAsync(input, lines);
        var console = new TestConsole();

        var exitCode = await PlatformCli.Create(console, new TestConsole()).Parse(["detect", "--input", input, "--output", output]).InvokeAsync();

        Assert.Equal(DetectCommand.Succeeded, exitCode);
        var written = await File.ReadAllLinesAsync(output);
        Assert.Equal("timestamp,value,score,is_anomaly", written[0]);
        Assert.Equal(lines.Count, written.Length);
        Assert.StartsWith(lines[1201] + ",", written[1201]);
        Assert.EndsWith(",true", written[1201]);
        Assert.All(written.Skip(1), static row => Assert.Matches(@"^[^,]+,[^,]+,(0|1|0\.\d+),(true|false)$", row));
    }

    [Fact]
    public async Task One_series_of_a_file_of_several_is_scored_by_naming_its_columns()
    {
        // An export of two metrics with Unix times in milliseconds: the spike is in cpu only.
        var input = Path.Combine(_folder, "export.csv");
        var output = Path.Combine(_folder, "scores.csv");
        var lines = new List<string> { "Time,memory,cpu" };
        for (var i = 0; i < 1500; i++)
        {
            var cpu = 10 + (5 * Math.Sin(2 * Math.PI * i / 288)) + (i == 1200 ? 50 : 0);
            lines.Add(FormattableString.Invariant($"{1396310400000L + (300_000L * i)},{500 + (i % 7)},{cpu}"));
        }

        await File.WriteAllLinesAsync(input, lines);
        var errors = new TestConsole();

        var exitCode = await PlatformCli.Create(new TestConsole(), errors)
            .Parse(["detect", "--input", input, "--output", output, "--time-column", "time", "--value-column", "CPU"]).InvokeAsync();

        Assert.True(exitCode == DetectCommand.Succeeded, errors.Output);
        var written = await File.ReadAllLinesAsync(output);
        Assert.Equal(lines.Count, written.Length);
        var spike = lines[1201].Split(',');
        Assert.StartsWith($"{spike[0]},{spike[2]},", written[1201]);
        Assert.EndsWith(",true", written[1201]);
    }

    [Fact]
    public async Task A_column_the_header_lacks_is_named_with_the_options_that_choose_columns()
    {
        var input = Path.Combine(_folder, "export.csv");
        await File.WriteAllTextAsync(input, "time,cpu\n2014-04-10 07:15:00,1\n");
        var errors = new TestConsole();
        errors.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(new TestConsole(), errors)
            .Parse(["detect", "--input", input, "--output", Path.Combine(_folder, "scores.csv")]).InvokeAsync();

        Assert.Equal(DetectCommand.MalformedInput, exitCode);
        Assert.Contains("the header has no 'timestamp' column (found: time,cpu); --time-column and --value-column name the columns to read", errors.Output);
    }

    [Theory]
    [InlineData("", 1, "empty")]
    [InlineData("time,value\n2014-04-10 07:15:00,1\n", 1, "no 'timestamp' column")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,1\n2014-04-10 25:99:00,2\n", 3, "is not a date and time")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,1\n2014-04-10 07:20:00,1,5\n2014-04-10 07:25:00,x\n", 3, "the row has 3 field(s) where the header has 2")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,1\n2014-04-10 07:20:00\n", 3, "the row has 1 field(s) where the header has 2")]
    [InlineData("timestamp,value\n2014-04-10 07:15:00,1\n2014-04-10 07:20:00,Infinity\n", 3, "is not a finite number")]
    public async Task Detect_rejects_malformed_csv_with_exit_code_2_naming_file_line_and_reason(string content, int line, string reason)
    {
        var input = Path.Combine(_folder, "bad.csv");
        var output = Path.Combine(_folder, "scores.csv");
        await File.WriteAllTextAsync(input, content);
        var errors = new TestConsole();
        errors.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(new TestConsole(), errors).Parse(["detect", "--input", input, "--output", output]).InvokeAsync();

        Assert.Equal(DetectCommand.MalformedInput, exitCode);
        Assert.Contains($"{input}, line {line}: ", errors.Output);
        Assert.Contains(reason, errors.Output);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Detect_leaves_out_rows_without_a_value_and_names_them()
    {
        // An export as monitoring tools write it: capitalised header, quoted ISO timestamps, a label column, empty cells.
        var input = Path.Combine(_folder, "export.csv");
        var output = Path.Combine(_folder, "scores.csv");
        var start = new DateTime(2018, 3, 15, 0, 0, 0, DateTimeKind.Utc);
        var lines = new List<string> { "TimeStamp,Value,Label" };
        for (var i = 0; i < 300; i++)
        {
            var value = i is 40 or 41 ? "" : i == 250 ? "NaN" : (20 + (i % 7)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            lines.Add($"\"{start.AddHours(i):yyyy-MM-ddTHH:mm:ssZ}\",{value},0");
        }

        await File.WriteAllLinesAsync(input, lines);
        var console = new TestConsole();
        console.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(console, new TestConsole()).Parse(["detect", "--input", input, "--output", output]).InvokeAsync();

        Assert.Equal(DetectCommand.Succeeded, exitCode);
        Assert.Contains("3 row(s) without a value (empty, NaN, NA, N/A, null, None, #N/A or the like) left out (line 42, 43, 252)", console.Output);
        var written = await File.ReadAllLinesAsync(output);
        Assert.Equal(1 + 297, written.Length);
        Assert.DoesNotContain(written, static row => row.StartsWith("2018-03-16T16:00:00Z", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Detect_every_averages_the_series_over_intervals_and_scores_one_row_each()
    {
        var input = Path.Combine(_folder, "per-minute.csv");
        var output = Path.Combine(_folder, "scores.csv");
        var start = new DateTime(2018, 4, 25);
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < 3000; i++)
        {
            lines.Add($"{start.AddMinutes(i):yyyy-MM-dd HH:mm:ss},{100 + (i % 5)}");
        }

        await File.WriteAllLinesAsync(input, lines);
        var console = new TestConsole();
        console.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(console, new TestConsole()).Parse(["detect", "--input", input, "--output", output, "--every", "5m"]).InvokeAsync();

        Assert.Equal(DetectCommand.Succeeded, exitCode);
        Assert.Contains("Averaged 3,000 rows into 600 intervals of 5m.", console.Output);
        Assert.DoesNotContain("a reading every", console.Output);
        var written = await File.ReadAllLinesAsync(output);
        Assert.Equal(1 + 600, written.Length);
        // Each interval's mean of 100..104, stamped with its start.
        Assert.StartsWith("2018-04-25 00:05:00,102,", written[2]);
    }

    [Fact]
    public async Task Detect_with_an_interval_it_cannot_read_exits_with_2_and_says_what_it_wants()
    {
        var errors = new TestConsole();
        errors.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(new TestConsole(), errors)
            .Parse(["detect", "--input", Path.Combine(_folder, "any.csv"), "--output", Path.Combine(_folder, "scores.csv"), "--every", "five minutes"])
            .InvokeAsync();

        Assert.Equal(DetectCommand.MalformedInput, exitCode);
        Assert.Contains("--every: 'five minutes' is not an interval like 30s, 5m, 1h or 1d.", errors.Output);
    }

    [Fact]
    public async Task Detect_reports_a_missing_input_file_on_the_error_console_not_the_output_with_exit_code_2()
    {
        var input = Path.Combine(_folder, "absent.csv");

        var (exitCode, output, errors) = await DetectAsync(input, Path.Combine(_folder, "o.csv"));

        Assert.Equal(DetectCommand.MalformedInput, exitCode);
        Assert.Contains($"{input}: file not found.", errors);
        Assert.DoesNotContain(input, output);
    }

    [Fact]
    public async Task Detect_reports_a_rejected_row_on_the_error_console_and_prints_nothing_of_it_on_the_output()
    {
        var input = await WriteSeriesAsync("bad-row.csv", trailer: "2014-04-02 09:20:00,not a number\n");

        var (exitCode, output, errors) = await DetectAsync(input, Path.Combine(_folder, "o.csv"));

        Assert.Equal(DetectCommand.MalformedInput, exitCode);
        Assert.Contains($"Rejected {input}, line 402: ", errors);
        Assert.DoesNotContain("Rejected", output);
        Assert.DoesNotContain(input, output);
    }

    [Fact]
    public async Task Detect_on_a_binary_file_names_it_without_echoing_its_bytes()
    {
        var input = Path.Combine(_folder, "image.bin");
        byte[] header = [.. "timestamp,value\n"u8, 0x89, 0x50, 0x1b, 0x5b, 0x32, 0x4a, 0x07, 0x00, 0x01, (byte)',', (byte)'1', (byte)'\n'];
        await File.WriteAllBytesAsync(input, [.. header, .. Enumerable.Repeat((byte)0x41, 500)]);
        var (exitCode, _, errors) = await DetectAsync(input, Path.Combine(_folder, "o.csv"));

        Assert.Equal(DetectCommand.MalformedInput, exitCode);
        Assert.Contains($"{input}, line 2: ", errors);
        Assert.DoesNotContain("\u001b", errors);
        Assert.DoesNotContain("\u0007", errors);
        Assert.DoesNotContain(new string('A', 100), errors);
    }

    private async Task<string> WriteSeriesAsync(string name, int rows = 400, string trailer = "", double minutesApart = 5)
    {
        var path = Path.Combine(_folder, name);
        var start = new DateTime(2014, 4, 1);
        var lines = new List<string> { "timestamp,value" };
        for (var i = 0; i < rows; i++)
        {
            lines.Add($"{start.AddMinutes(minutesApart * i):yyyy-MM-dd HH:mm:ss},{(10 + (i % 5)).ToString(System.Globalization.CultureInfo.InvariantCulture)}");
        }

        await File.WriteAllTextAsync(path, string.Join('\n', lines) + "\n" + trailer);
        return path;
    }

    /// <summary>Runs <c>detect</c>: its exit code, what it printed and, apart, what it reported as errors.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> DetectAsync(string input, string output)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;
        var exitCode = await PlatformCli.Create(console, errors).Parse(["detect", "--input", input, "--output", output]).InvokeAsync();
        return (exitCode, console.Output, errors.Output);
    }

    [Fact]
    public async Task A_series_sampled_faster_than_every_5_minutes_gets_the_hint_to_average_it_and_is_still_scored_row_by_row()
    {
        var perMinute = await WriteSeriesAsync("per-minute.csv", minutesApart: 1);
        var output = Path.Combine(_folder, "scores.csv");

        var (exitCode, console, errors) = await DetectAsync(perMinute, output);

        Assert.True(exitCode == DetectCommand.Succeeded, errors);
        Assert.Contains($"{perMinute}: a reading every 1 min; the detector was chosen on series sampled every 5 minutes to an hour, and --every 5m", console);
        Assert.Equal(401, File.ReadAllLines(output).Length);
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(60.0)]
    public async Task A_series_sampled_at_the_rates_the_detector_was_chosen_on_gets_no_hint(double minutesApart)
    {
        var series = await WriteSeriesAsync("chosen-rate.csv", minutesApart: minutesApart);

        var (exitCode, console, errors) = await DetectAsync(series, Path.Combine(_folder, "scores.csv"));

        Assert.True(exitCode == DetectCommand.Succeeded, errors);
        Assert.DoesNotContain("--every 5m", console);
    }

    [Fact]
    public async Task Two_series_in_one_file_a_long_gap_and_too_few_readings_are_each_said_with_where()
    {
        var twoHosts = Path.Combine(_folder, "two-hosts.csv");
        var rows = new List<string> { "timestamp,value" };
        for (var i = 0; i < 300; i++)
        {
            var time = new DateTime(2014, 4, 1).AddMinutes(5 * i).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
            rows.Add($"{time},{10 + (i % 5)}");
            rows.Add($"{time},{80 + (i % 3)}");
        }

        await File.WriteAllLinesAsync(twoHosts, rows);
        var gap = await WriteSeriesAsync("gap.csv", trailer: "2017-06-01 00:00:00,12\n");
        var few = await WriteSeriesAsync("few.csv", rows: 40);

        var (_, hosts, _) = await DetectAsync(twoHosts, Path.Combine(_folder, "hosts-scores.csv"));
        var (_, gapped, _) = await DetectAsync(gap, Path.Combine(_folder, "gap-scores.csv"));
        var (exitCode, fewOutput, errors) = await DetectAsync(few, Path.Combine(_folder, "few-scores.csv"));

        Assert.Contains($"{twoHosts}: 300 row(s) repeat the timestamp of the row before (the first at line 3); kept and scored in file order as one series.", hosts);
        Assert.Contains($"{gap}: no reading for 1,155.6 days, from 2014-04-02 09:15:00 to 2017-06-01 00:00:00 (a reading every 5 min elsewhere)", gapped);
        Assert.True(exitCode == DetectCommand.Succeeded, errors);
        Assert.Contains($"{few}: 40 reading(s) to score; the detector learns what is usual from its first 100 and flags nothing before", fewOutput);
        Assert.DoesNotContain("no reading for", fewOutput);
        Assert.DoesNotContain("repeat the timestamp", gapped);
    }

    [Fact]
    public async Task Naming_the_time_column_as_the_value_column_is_refused_saying_so()
    {
        var series = await WriteSeriesAsync("series.csv");
        var errors = new TestConsole();
        errors.Profile.Width = 400;

        var exitCode = await PlatformCli.Create(new TestConsole(), errors)
            .Parse(["detect", "--input", series, "--output", Path.Combine(_folder, "scores.csv"), "--value-column", "Timestamp"]).InvokeAsync();

        Assert.Equal(DetectCommand.MalformedInput, exitCode);
        Assert.Contains("--time-column and --value-column both name 'timestamp': the readings and their times must be two columns.", errors.Output);
    }

    [Fact]
    public async Task Empty_lines_at_the_end_of_an_export_are_no_rows_and_no_error()
    {
        var input = await WriteSeriesAsync("trailing.csv", trailer: "\n\n");
        var output = Path.Combine(_folder, "scores.csv");

        var (exitCode, _, errors) = await DetectAsync(input, output);

        Assert.True(exitCode == DetectCommand.Succeeded, errors);
        Assert.Equal(401, File.ReadAllLines(output).Length);
    }

    [Fact]
    public async Task A_gzipped_series_is_read_as_analyze_reads_gzip()
    {
        var plain = await WriteSeriesAsync("plain.csv");
        var gzipped = Path.Combine(_folder, "series.csv.gz");
        await using (var target = File.Create(gzipped))
        await using (var gzip = new System.IO.Compression.GZipStream(target, System.IO.Compression.CompressionLevel.Fastest))
        await using (var source = File.OpenRead(plain))
        {
            await source.CopyToAsync(gzip);
        }

        var (exitCode, console, errors) = await DetectAsync(gzipped, Path.Combine(_folder, "scores.csv"));

        Assert.True(exitCode == DetectCommand.Succeeded, errors);
        Assert.Contains("Scored 400 rows", console);

        // Cut short (an interrupted copy), it is refused, not scored as the half it still holds.
        var whole = await File.ReadAllBytesAsync(gzipped);
        var cut = Path.Combine(_folder, "cut.csv.gz");
        await File.WriteAllBytesAsync(cut, whole[..(whole.Length / 2)]);
        var cutScores = Path.Combine(_folder, "cut-scores.csv");

        var (cutExit, _, cutErrors) = await DetectAsync(cut, cutScores);

        Assert.Equal(DetectCommand.MalformedInput, cutExit);
        Assert.Contains($"Rejected {cut}, line ", cutErrors);
        Assert.Contains("truncated", cutErrors);
        Assert.False(File.Exists(cutScores));
    }

    [Fact]
    public async Task An_output_that_cannot_take_the_scores_is_refused_before_the_work_and_the_input_is_untouched()
    {
        var input = await WriteSeriesAsync("series.csv");
        var before = await File.ReadAllTextAsync(input);
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "a-folder")).FullName;
        var blocker = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(blocker, "");

        var (toFolder, _, folderMessage) = await DetectAsync(input, folder);
        var (toInput, _, inputMessage) = await DetectAsync(input, input);
        var (underFile, underFileOutput, fileMessage) = await DetectAsync(input, Path.Combine(blocker, "scores.csv"));
        var (fromFolder, _, fromFolderMessage) = await DetectAsync(folder, Path.Combine(_folder, "scores.csv"));

        Assert.Equal([DetectCommand.MalformedInput, DetectCommand.MalformedInput, DetectCommand.MalformedInput, DetectCommand.MalformedInput], [toFolder, toInput, underFile, fromFolder]);
        Assert.Contains("is a folder: --output takes", folderMessage);
        Assert.Contains("would overwrite the series", inputMessage);
        Assert.Contains($"{blocker} is a file: give the name of a folder", fileMessage);
        Assert.DoesNotContain("is a file", underFileOutput);
        Assert.Contains("is a folder: --input takes one CSV file", fromFolderMessage);
        Assert.DoesNotContain("Unhandled exception", folderMessage + inputMessage + fileMessage + fromFolderMessage);
        Assert.Equal(before, await File.ReadAllTextAsync(input));
    }
}
