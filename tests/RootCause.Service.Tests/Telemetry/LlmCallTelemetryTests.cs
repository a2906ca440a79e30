using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Llm.Resilience;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Telemetry;

public sealed class LlmCallTelemetryTests : IDisposable
{
    private const string Answer =
        """{"root_cause_service":"payment","fault_kind":"bad deploy","explanation":"Payment failed first after its deploy; roll it back."}""";

    private readonly string _keyVariable = "RC_TELEMETRY_KEY_" + Guid.NewGuid().ToString("N");
    private readonly string _runId = "llm-trace-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<(string Instrument, long Value, string? Tag)> _measurements = new();
    private readonly ActivityListener _spanListener;
    private readonly MeterListener _meterListener;

    public LlmCallTelemetryTests()
    {
        Environment.SetEnvironmentVariable(_keyVariable, "sk-test");
        _spanListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == PipelineTelemetry.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                // Other tests of the process call LLMs at the same time: only this test's run counts.
                if (activity.GetTagItem(PipelineTelemetry.RunIdTag) as string == _runId)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_spanListener);
        _meterListener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PipelineTelemetry.SourceName && instrument.Name.StartsWith("anomaly.llm.", StringComparison.Ordinal))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _meterListener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            _measurements.Enqueue((instrument.Name, value, tags.Length > 0 ? tags[0].Value as string : null)));
        _meterListener.Start();
    }

    public void Dispose()
    {
        _spanListener.Dispose();
        _meterListener.Dispose();
        Environment.SetEnvironmentVariable(_keyVariable, null);
    }

    [Fact]
    public async Task Answered_call_is_an_llm_call_span_with_the_model_tokens_incident_and_outcome_ok_and_counts_its_tokens()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));
        using var explainer = Create(server.BaseUrl);
        var summary = Summaries.PaymentOutage(_runId);

        await explainer.ExplainAsync(summary, CancellationToken.None);

        var span = Assert.Single(_spans);
        Assert.Equal("llm call", span.DisplayName);
        Assert.Equal("test-model", span.GetTagItem("gen_ai.request.model"));
        Assert.Equal(100L, span.GetTagItem("gen_ai.usage.input_tokens"));
        Assert.Equal(20L, span.GetTagItem("gen_ai.usage.output_tokens"));
        Assert.Equal(summary.IncidentId, span.GetTagItem(PipelineTelemetry.IncidentIdTag));
        Assert.Equal(LlmOutcomes.Ok, span.GetTagItem(PipelineTelemetry.OutcomeTag));
        Assert.NotEqual(ActivityStatusCode.Error, span.Status);
        Assert.Contains(("anomaly.llm.tokens", 100L, "input"), _measurements);
        Assert.Contains(("anomaly.llm.tokens", 20L, "output"), _measurements);
        Assert.Contains(("anomaly.llm.calls", 1L, LlmOutcomes.Ok), _measurements);
    }

    [Fact]
    public async Task Failed_call_is_an_error_span_with_outcome_failed_and_counts_as_a_failure()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteStatusAsync(context, 500));
        using var explainer = Create(server.BaseUrl);

        var explanation = await explainer.ExplainAsync(Summaries.PaymentOutage(_runId), CancellationToken.None);

        var span = Assert.Single(_spans);
        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal(LlmOutcomes.Failed, span.GetTagItem(PipelineTelemetry.OutcomeTag));
        Assert.Equal(500, span.GetTagItem("http.response.status_code"));
        Assert.Contains(_measurements, m => m.Instrument == "anomaly.llm.failures");
        Assert.Contains(("anomaly.llm.calls", 1L, LlmOutcomes.Failed), _measurements);
    }

    private OpenAiRootCauseExplainer Create(string baseUrl)
    {
        var options = Options.Create(TestLlmOptions.Local(baseUrl, _keyVariable));
        return new OpenAiRootCauseExplainer(options, new LlmEndpointCircuit(options, TimeProvider.System, NullLogger<LlmEndpointCircuit>.Instance),
            NullLogger<OpenAiRootCauseExplainer>.Instance);
    }
}
