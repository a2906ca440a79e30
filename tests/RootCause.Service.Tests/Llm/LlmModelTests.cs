using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Llm.Resilience;
using AnomalyPlatform.RootCause.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Llm;

/// <summary>The configured model against what the endpoint serves: at start, and when a call says it is gone.</summary>
public sealed class LlmModelTests : IDisposable
{
    private const string Answer =
        """{"root_cause_service":"payment","fault_kind":"bad deploy","explanation":"Payment failed first after its deploy; roll it back."}""";

    private readonly string _keyVariable = "RC_MODEL_KEY_" + Guid.NewGuid().ToString("N");

    public LlmModelTests() => Environment.SetEnvironmentVariable(_keyVariable, "sk-test");

    public void Dispose() => Environment.SetEnvironmentVariable(_keyVariable, null);

    private LlmOptions Options(string baseUrl, string model) => new()
    {
        Provider = LlmOptions.OpenAiProvider,
        Model = model,
        BaseUrl = baseUrl,
        ApiKeyVariable = _keyVariable,
        TimeoutSeconds = 10,
        MaxRetries = 0,
        RetryBaseDelayMilliseconds = 10,
        RequestsPerMinute = 0,
        TokensPerMinute = 0,
    };

    private static LlmEndpointCircuit Circuit() =>
        new(Microsoft.Extensions.Options.Options.Create(new LlmOptions()), TimeProvider.System, NullLogger<LlmEndpointCircuit>.Instance);

    [Fact]
    public async Task A_served_model_passes_the_start_check()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, _) => Task.CompletedTask, ["llama-3.1-8b-instant", "whisper-large-v3"]);

        await new LlmModelCheck(Microsoft.Extensions.Options.Options.Create(Options(server.BaseUrl, "llama-3.1-8b-instant")),
            Circuit(), NullLogger<LlmModelCheck>.Instance).StartAsync(CancellationToken.None);

        Assert.Equal("/v1/models", Assert.Single(server.Requests).Path);
    }

    [Fact]
    public async Task A_model_the_endpoint_does_not_serve_stops_the_start_naming_the_setting_and_the_served_families()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, _) => Task.CompletedTask,
            ["llama-3.1-8b-instant", "llama-3.3-70b-versatile", "whisper-large-v3", "gemma-7b-it"]);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            new LlmModelCheck(Microsoft.Extensions.Options.Options.Create(Options(server.BaseUrl, "gemma2-9b-it")),
                Circuit(), NullLogger<LlmModelCheck>.Instance).StartAsync(CancellationToken.None));

        var message = Assert.Single(error.Failures);
        Assert.Contains("Llm:Model (--llm-model) 'gemma2-9b-it' is not served by", message, StringComparison.Ordinal);
        Assert.Contains("gemma-7b-it, llama-3.1-8b-instant, llama-3.3-70b-versatile", message, StringComparison.Ordinal);
        Assert.DoesNotContain("whisper", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_without_a_model_list_is_not_a_reason_to_stop()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, _) => Task.CompletedTask);

        await new LlmModelCheck(Microsoft.Extensions.Options.Options.Create(Options(server.BaseUrl, "any-model")),
            Circuit(), NullLogger<LlmModelCheck>.Instance).StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task An_endpoint_that_refuses_every_try_is_warned_about_not_a_crash()
    {
        // Nothing listens on port 9 (discard); the client retries and then reports all its tries as one AggregateException.
        var options = Options("http://127.0.0.1:9/v1", "any-model");
        options.MaxRetries = 2;

        await new LlmModelCheck(Microsoft.Extensions.Options.Options.Create(options), Circuit(), NullLogger<LlmModelCheck>.Instance).StartAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_decommissioned_model_is_asked_once_per_run_and_every_incident_falls_back()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteErrorAsync(
            context, 400, "model_decommissioned", "The model `gemma2-9b-it` has been decommissioned and is no longer supported."));
        using var explainer = new OpenAiRootCauseExplainer(
            Microsoft.Extensions.Options.Options.Create(Options(server.BaseUrl, "gemma2-9b-it")), Circuit(), NullLogger<OpenAiRootCauseExplainer>.Instance,
            TimeProvider.System, _ => { }, null);

        var first = await explainer.ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);
        // A longer incident: another prompt, so the answer cannot come from the prompt cache.
        var longer = Summaries.PaymentOutage() with { IncidentId = "DET-0002" };
        var second = await explainer.ExplainAsync(longer with { End = longer.End.AddMinutes(7) }, CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, first.Source);
        Assert.Equal(ExplanationSources.Fallback, second.Source);
        Assert.Single(server.Requests);
    }
}
