using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Output;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary><c>analyze</c> on what a Collector's file exporter caught: a generated estate written out as OTLP JSON lines.</summary>
public sealed class OtlpAnalysisTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anomaly-otlp-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Analyze_reads_otlp_json_lines_and_says_which_kinds_are_missing()
    {
        var data = Path.Combine(_folder, "data");
        var console = new TestConsole();
        console.Profile.Width = 400;
        Assert.Equal(0, await PlatformCli.Create(console, new TestConsole()).Parse(["generate", "--records", "5000", "--seed", "3", "--out", data]).InvokeAsync());
        var records = new List<TelemetryRecord>();
        InputFiles.Read(Path.Combine(data, OutputFiles.SyntheticData), records, new StringPool(), new InputRejects(), pending: null, CancellationToken.None);
        var otlp = Path.Combine(_folder, "collector.jsonl");
        await File.WriteAllLinesAsync(otlp, records.Where(record => record.Kind != TelemetryKind.Event).Select(ToOtlpLine));

        var (exitCode, output, errors) = await AnalyzeAsync(otlp);

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        var expected = records.Count(record => record.Kind != TelemetryKind.Event);
        Assert.Contains($"Read {expected.ToString("N0", CultureInfo.InvariantCulture)} records", output);
        Assert.Contains("The input has no events", output);
        // OTLP has no record ids, so there were none to keep.
        Assert.DoesNotContain("Record ids were not unique", output);
        using var anomalies = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, "out", OutputFiles.Anomalies)));
        Assert.True(anomalies.RootElement.GetProperty("anomaly_count").GetInt32() > 0);
    }

    [Fact]
    public async Task The_same_telemetry_as_otlp_json_lines_and_as_melt_csv_gives_the_same_anomalies_incidents_and_candidates()
    {
        var data = Path.Combine(_folder, "data");
        var console = new TestConsole();
        Assert.Equal(0, await PlatformCli.Create(console, new TestConsole()).Parse(["generate", "--records", "10000", "--seed", "42", "--out", data]).InvokeAsync());
        var records = new List<TelemetryRecord>();
        InputFiles.Read(Path.Combine(data, OutputFiles.SyntheticData), records, new StringPool(), new InputRejects(), pending: null, CancellationToken.None);
        // OTLP carries no events, so the CSV side leaves them out too.
        var csv = Path.Combine(_folder, "without-events.csv");
        await File.WriteAllLinesAsync(csv, File.ReadLines(Path.Combine(data, OutputFiles.SyntheticData)).Where(line => line.Split(',', 4)[2] != "event"));
        var otlp = Path.Combine(_folder, "collector.jsonl");
        await File.WriteAllLinesAsync(otlp, records.Where(record => record.Kind != TelemetryKind.Event).Select(ToOtlpLine));
        var known = Path.Combine(data, OutputFiles.Incidents);

        var (csvExit, _, csvErrors) = await AnalyzeAsync(csv, "out-csv", known);
        var (otlpExit, _, otlpErrors) = await AnalyzeAsync(otlp, "out-otlp", known);

        Assert.True(csvExit == EmbeddedPipeline.Succeeded, csvErrors);
        Assert.True(otlpExit == EmbeddedPipeline.Succeeded, otlpErrors);
        var (csvAnomalies, csvIncidents) = Outcome("out-csv");
        var (otlpAnomalies, otlpIncidents) = Outcome("out-otlp");
        Assert.NotEmpty(csvAnomalies);
        Assert.Equal(csvAnomalies, otlpAnomalies);
        Assert.Equal(csvIncidents, otlpIncidents);
        Assert.Equal(RootCause("out-csv"), RootCause("out-otlp"));

        (List<string> Anomalies, List<string> Incidents) Outcome(string folder)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, folder, OutputFiles.Anomalies)));
            var anomalies = document.RootElement.GetProperty("anomalies").EnumerateArray()
                .Select(a => string.Join(' ', a.GetProperty("timestamp").GetString(), a.GetProperty("instance").GetString(), a.GetProperty("kind").GetString(), a.GetProperty("name").GetString()))
                .Order(StringComparer.Ordinal).ToList();
            var incidents = document.RootElement.GetProperty("incidents").EnumerateArray()
                .Select(i => string.Join(' ', i.GetProperty("start").GetString(), i.GetProperty("paged").GetBoolean(),
                    string.Join(',', i.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("service").GetString() + "@" + c.GetProperty("instance")))))
                .ToList();
            return (anomalies, incidents);
        }

        string RootCause(string folder)
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(_folder, folder, OutputFiles.Evaluation)));
            return document.RootElement.GetProperty("root_cause").GetRawText();
        }
    }

    private async Task<(int ExitCode, string Output, string Errors)> AnalyzeAsync(string input, string output = "out", string? incidents = null)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;
        string[] arguments = incidents is null
            ? ["analyze", "--input", input, "--out", Path.Combine(_folder, output)]
            : ["analyze", "--input", input, "--incidents", incidents, "--out", Path.Combine(_folder, output)];
        var exitCode = await PlatformCli.Create(console, errors).Parse(arguments).InvokeAsync();
        return (exitCode, console.Output, errors.Output);
    }

    private static string ToOtlpLine(TelemetryRecord record)
    {
        var nanos = ((record.Timestamp - DateTime.UnixEpoch).Ticks * 100).ToString(CultureInfo.InvariantCulture);
        var resource = new
        {
            attributes = new object[]
            {
                new { key = "service.name", value = new { stringValue = record.Service } },
                new { key = "service.instance.id", value = new { stringValue = record.Instance } },
            },
        };
        object line = record.Kind switch
        {
            TelemetryKind.Span => new
            {
                resourceSpans = new[]
                {
                    new
                    {
                        resource,
                        scopeSpans = new[]
                        {
                            new
                            {
                                spans = new[]
                                {
                                    new
                                    {
                                        traceId = record.TraceId, spanId = record.SpanId, parentSpanId = record.ParentSpanId ?? "", name = record.Name,
                                        startTimeUnixNano = nanos,
                                        endTimeUnixNano = ((record.Timestamp - DateTime.UnixEpoch).Ticks * 100 + (long)(record.Value * 1_000_000)).ToString(CultureInfo.InvariantCulture),
                                        status = new { code = record.Status == SpanStatus.Error ? 2 : 0 },
                                    },
                                },
                            },
                        },
                    },
                },
            },
            TelemetryKind.Log => new
            {
                resourceLogs = new[]
                {
                    new
                    {
                        resource,
                        scopeLogs = new[]
                        {
                            new
                            {
                                logRecords = new[]
                                {
                                    new { timeUnixNano = nanos, eventName = record.Name, severityText = record.Level?.ToString().ToUpperInvariant(), body = new { stringValue = record.Message }, traceId = record.TraceId ?? "", spanId = record.SpanId ?? "" },
                                },
                            },
                        },
                    },
                },
            },
            _ => new
            {
                resourceMetrics = new[]
                {
                    new
                    {
                        resource,
                        scopeMetrics = new[]
                        {
                            new { metrics = new[] { new { name = record.Name, gauge = new { dataPoints = new[] { new { timeUnixNano = nanos, asDouble = record.Value } } } } } },
                        },
                    },
                },
            },
        };
        return JsonSerializer.Serialize(line);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
