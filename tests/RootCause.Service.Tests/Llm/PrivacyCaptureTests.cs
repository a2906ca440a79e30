using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Llm;

/// <summary>
/// Runs the whole root-cause service (host, bus, grouping, ranking, OpenAI explainer) against a chat-completions server
/// on 127.0.0.1 that captures every request, over detections whose names, reasons and instances carry the values that
/// must never leave the process.
/// </summary>
public sealed class PrivacyCaptureTests : IDisposable
{
    private const string RunId = "run-privacy-5f3a";

    // Values planted in detection names, reasons, instances and change events. None may reach the LLM.
    private static readonly string[] Secrets =
    [
        "123456789", "987654321", "10.1.2.3", "192.168.77.12", "fe80::1ff:fe23:4567:890a", "carol", "alice", "bob.smith", "example.com",
        "123e4567-e89b-12d3-a456-426614174000", "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "7f9c8d6b5c", "x2k4q", "s3cr3t",
        RunId, "DET-0", "payment-7f9c",
    ];

    private readonly string _keyVariable = "RC_PRIVACY_KEY_" + Guid.NewGuid().ToString("N");
    private readonly string _key = "sk-privacy-" + Guid.NewGuid().ToString("N");

    public PrivacyCaptureTests() => Environment.SetEnvironmentVariable(_keyVariable, _key);

    public void Dispose() => Environment.SetEnvironmentVariable(_keyVariable, null);

    private static Detection Sensitive(long id, string service, double seconds, string type, TelemetryKind kind, string name) =>
        At(id, service, seconds, type, name: name, kind: kind) with
        {
            Instance = service + "-7f9c8d6b5c-x2k4q",
            Reasons = [$"statistical: z=9.1 for user=alice@example.com from 192.168.77.12", $"trace 4bf92f3577b34da6a3ce929d0e0e4736 record 987654321"],
        };

    /// <summary>Incidents half an hour apart: a payment outage after a deploy, lost tracing at checkout, a slow gateway.</summary>
    private static IReadOnlyList<Detection> Detections()
    {
        var detections = new List<Detection>();
        long id = 987_654_321;
        for (var i = 0; i < 4; i++)
        {
            detections.Add(Sensitive(id++, "payment", i * 15, AnomalyTypes.ErrorLogBurst, TelemetryKind.Log, "conn refused 10.1.2.3:5432 user=carol password=s3cr3t"));
            detections.Add(Sensitive(id++, "payment", i * 15 + 5, AnomalyTypes.MetricSpike, TelemetryKind.Metric, "error_rate"));
            detections.Add(Sensitive(id++, "checkout", 40 + i * 15, AnomalyTypes.ErrorLogBurst, TelemetryKind.Log, "notify bob.smith@example.com failed for order 123456789"));
        }

        for (var i = 0; i < 4; i++)
        {
            detections.Add(Sensitive(id++, "payment", 1_800 + i * 10, AnomalyTypes.MissingSpan, TelemetryKind.Span, "trace 4bf92f3577b34da6a3ce929d0e0e4736 span 00f067aa0ba902b7"));
            detections.Add(Sensitive(id++, "inventory", 1_805 + i * 10, AnomalyTypes.MissingSpan, TelemetryKind.Span, "GET /stock/123e4567-e89b-12d3-a456-426614174000"));
        }

        for (var i = 0; i < 4; i++)
        {
            detections.Add(Sensitive(id++, "api-gateway", 3_600 + i * 12, AnomalyTypes.LatencySpike, TelemetryKind.Span, "GET /users/123456789 from fe80::1ff:fe23:4567:890a"));
            detections.Add(Sensitive(id++, "frontend", 3_630 + i * 12, AnomalyTypes.LatencySpike, TelemetryKind.Span, "pod payment-7f9c8d6b5c render"));
        }

        return detections;
    }

    [Fact]
    public async Task Whole_run_sends_service_names_and_anomaly_types_but_no_identifying_value()
    {
        using var folder = new TempFolder();
        // Answers like a model that agrees with the ranking: it names the prompt's first candidate.
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) =>
        {
            var prompt = JsonDocument.Parse((string)context.Items[FakeChatCompletionsServer.BodyKey]!).RootElement
                .GetProperty("messages")[1].GetProperty("content").GetString()!;
            var first = prompt[(prompt.IndexOf("\n1. ", StringComparison.Ordinal) + 4)..];
            var service = first[..first.IndexOf(',', StringComparison.Ordinal)];
            return FakeChatCompletionsServer.WriteCompletionAsync(
                context, $$"""{"root_cause_service":"{{service}}","fault_kind":"x","explanation":"Look at {{service}} first."}""");
        });
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Output:Directory"] = folder.Path,
            ["Llm:Provider"] = "openai",
            ["Llm:BaseUrl"] = server.BaseUrl,
            ["Llm:Model"] = "test-model",
            ["Llm:ApiKeyVariable"] = _keyVariable,
            ["Llm:RequestsPerMinute"] = "0",
            ["Llm:TokensPerMinute"] = "0",
        });
        builder.AddServiceDefaults();
        builder.AddRootCause();
        builder.Services.AddHandler<CompletionCapture, RootCauseCompleted>();
        using var host = builder.Build();
        var capture = host.Services.GetRequiredService<CompletionCapture>();
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IMessageBus>();

        await bus.PublishAsync(new DetectionBatch(0, Detections()) { RunId = RunId }, CancellationToken.None);
        await bus.PublishAsync(
            new DetectionCompleted(1, 10_000, [ModelNames.Statistical, ModelNames.Ensemble],
                [.. ShopEdges, Edge("frontend", "api-gateway", 7)],
                [new ChangeEvent(123_456_789, T0.AddMinutes(-2), "payment", "payment-7f9c8d6b5c-x2k4q", "deploy")]) { RunId = RunId },
            CancellationToken.None);
        var completed = await capture.Completion.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();

        var bodies = server.Requests.Select(r => r.Body).ToList();
        Assert.True(completed.Incidents.Count >= 3);
        Assert.Equal(completed.Incidents.Count, bodies.Count);
        Assert.All(completed.Incidents, i => Assert.Equal("llm", i.ExplanationSource));
        var sent = string.Join("\n", bodies.Select(b => JsonDocument.Parse(b).RootElement.ToString()));
        foreach (var secret in Secrets.Append(_key))
        {
            Assert.DoesNotContain(secret, sent, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var expected in new[] { "payment", "checkout", "inventory", "api-gateway", "frontend", "error_log_burst", "metric_spike", "missing_span", "latency_spike", "error_rate", "deploy", "<ip>", "<email>", "<id>" })
        {
            Assert.Contains(expected, sent, StringComparison.Ordinal);
        }
    }

    /// <summary>Stands in for the CLI: receives RootCauseCompleted.</summary>
    private sealed class CompletionCapture : IMessageHandler<RootCauseCompleted>
    {
        private readonly TaskCompletionSource<RootCauseCompleted> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<RootCauseCompleted> Completion => _completion.Task;

        public Task HandleAsync(MessageContext<RootCauseCompleted> context, CancellationToken cancellationToken)
        {
            _completion.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
