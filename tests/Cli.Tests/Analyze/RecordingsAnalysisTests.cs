using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Two days' telemetry in one input are analysed as each day alone: no day is the other's baseline.</summary>
public sealed class RecordingsAnalysisTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("recordings-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Two_days_in_one_input_find_what_each_day_alone_finds_and_the_report_says_why()
    {
        // The second day runs twelve hours later on a busier estate: CPU 40 points higher, slower spans.
        var first = Day(MeltCsvText.Start, fromId: 0, load: 0);
        var second = Day(MeltCsvText.Start.AddHours(12), fromId: first.Count, load: 40);
        var alone = (await AnomaliesAsync("first", first)).Concat(await AnomaliesAsync("second", second)).Order().ToList();

        var together = await AnomaliesAsync("both", [.. first, .. second]);

        Assert.NotEmpty(alone);
        Assert.Equal(alone, together.Order().ToList());
        var report = await File.ReadAllTextAsync(Path.Combine(_folder, "both-out", "report.html"));
        Assert.Contains("The telemetry holds 2 recordings at least 60 minutes apart (2026-01-05 00:00 to 2026-01-05 01:14 UTC, 2026-01-05 12:00 to 2026-01-05 13:14 UTC)", report);
    }

    [Fact]
    public async Task With_known_incidents_each_recording_is_scored_on_its_own()
    {
        var first = Day(MeltCsvText.Start, fromId: 0, load: 0);
        var second = Day(MeltCsvText.Start.AddHours(12), fromId: first.Count, load: 40);
        var input = Path.Combine(_folder, "both.csv");
        await File.WriteAllTextAsync(input, MeltCsvText.Text([MeltCsvText.Header, .. first, .. second]));
        var incidents = Path.Combine(_folder, "incidents.json");
        await File.WriteAllTextAsync(incidents, """
            [{"incident_id":"INC-1","root_cause_service":"cart","start":"2026-01-05T00:47:30Z","end":"2026-01-05T00:52:30Z"},
             {"incident_id":"INC-2","root_cause_service":"cart","start":"2026-01-05T12:47:30Z","end":"2026-01-05T12:52:30Z"},
             {"incident_id":"INC-3","root_cause_service":"payment","start":"2026-01-05T13:00:00Z","end":"2026-01-05T13:05:00Z"}]
            """);
        var output = Path.Combine(_folder, "scored");
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();

        var exitCode = await PlatformCli.Create(console, errors).Parse(["analyze", "--input", input, "--incidents", incidents, "--out", output]).InvokeAsync();

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors.Output);
        using var evaluation = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "evaluation.json")));
        var recordings = evaluation.RootElement.GetProperty("by_recording").EnumerateArray().ToList();
        Assert.Equal([1, 2], recordings.Select(static r => r.GetProperty("incidents").GetInt32()));
        // Its first record: the metrics of each minute are read at its last reading (a series read every 18 s).
        Assert.StartsWith("2026-01-05T12:00:", recordings[1].GetProperty("first").GetString(), StringComparison.Ordinal);
        Assert.Contains("recording 2026-01-05 00:00 to 2026-01-05 01:14 UTC: 1 known, ", console.Output, StringComparison.Ordinal);
        Assert.Contains("recording 2026-01-05 12:00 to 2026-01-05 13:14 UTC: 2 known, ", console.Output, StringComparison.Ordinal);
        var report = await File.ReadAllTextAsync(Path.Combine(output, "report.html"));
        Assert.Contains("<h3>Per recording</h3>", report, StringComparison.Ordinal);
        Assert.Contains("<tr><td>2026-01-05 12:00:01 to 2026-01-05 13:14:58</td><td>2</td>", report, StringComparison.Ordinal);
    }

    /// <summary>75 minutes of three services' metrics, logs and spans, a record every 1.5 s, a burst of errors at about 00:48.</summary>
    private static List<string> Day(DateTime start, int fromId, int load)
    {
        string[] services = ["frontend", "cart", "payment"];
        var lines = new List<string>();
        for (var i = 0; i < 3_000; i++)
        {
            var service = services[i % services.Length];
            var id = fromId + i;
            var time = start.AddMilliseconds(1_500 * i).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
            var burst = i is >= 1_900 and < 2_100 && service == "cart";
            lines.Add((i % 4) switch
            {
                0 => $"{id},{time},metric,{service},{service}-1,cpu_percent,{20 + load + (i % 13)}.5,,,,,,",
                1 => $"{id},{time},log,{service},{service}-1,app,0,{(burst ? "ERROR" : "INFO")},,,,,{(burst ? "payment declined" : $"request {i} served")}",
                2 => $"{id},{time},span,{service},{service}-1,GET /{service},{10 + load + (i % 17) + (burst ? 400 : 0)},,{(burst ? "ERROR" : "OK")},{id:x32},{id:x16},,",
                _ => $"{id},{time},metric,{service},{service}-1,latency_ms,{100 + (3 * load) + (i % 29)},,,,,,",
            });
        }

        return lines;
    }

    /// <summary>What <c>analyze</c> flags in <paramref name="lines"/>: each anomaly's time, service, name, type and confidence.</summary>
    private async Task<List<string>> AnomaliesAsync(string name, List<string> lines)
    {
        var input = Path.Combine(_folder, name + ".csv");
        await File.WriteAllTextAsync(input, MeltCsvText.Text([MeltCsvText.Header, .. lines]));
        var output = Path.Combine(_folder, name + "-out");
        var console = new TestConsole();
        var errors = new TestConsole();
        var exitCode = await PlatformCli.Create(console, errors).Parse(["analyze", "--input", input, "--out", output]).InvokeAsync();
        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors.Output);

        using var anomalies = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "anomalies.json")));
        return [.. anomalies.RootElement.GetProperty("anomalies").EnumerateArray().Select(static a => string.Join('|',
            a.GetProperty("timestamp").GetString(), a.GetProperty("service").GetString(), a.GetProperty("name").GetString(),
            a.GetProperty("detected_type").GetString(), a.GetProperty("confidence").GetDouble().ToString("R", CultureInfo.InvariantCulture)))];
    }
}
