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
        InputFiles.Read(Path.Combine(data, OutputFiles.SyntheticData), records, new StringPool(), new InputRejects(), cumulative: null, CancellationToken.None);
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

    private async Task<(int ExitCode, string Output, string Errors)> AnalyzeAsync(string input)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;
        var exitCode = await PlatformCli.Create(console, errors).Parse(["analyze", "--input", input, "--out", Path.Combine(_folder, "out")]).InvokeAsync();
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
                                    new { timeUnixNano = nanos, severityText = record.Level?.ToString().ToUpperInvariant(), body = new { stringValue = record.Message }, traceId = record.TraceId ?? "" },
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
