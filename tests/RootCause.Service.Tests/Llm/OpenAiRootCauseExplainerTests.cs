using System.Text.Json;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Llm;

public sealed class OpenAiRootCauseExplainerTests : IDisposable
{
    private const string Answer =
        """{"root_cause_service":"payment","fault_kind":"bad deploy","explanation":"Payment failed first after its deploy; roll it back."}""";

    // A variable of its own per test instance: tests run in parallel and the environment is process-wide.
    private readonly string _keyVariable = "RC_TEST_KEY_" + Guid.NewGuid().ToString("N");
    private readonly string _key = "sk-test-" + Guid.NewGuid().ToString("N");

    public OpenAiRootCauseExplainerTests() => Environment.SetEnvironmentVariable(_keyVariable, _key);

    public void Dispose() => Environment.SetEnvironmentVariable(_keyVariable, null);

    private OpenAiRootCauseExplainer Create(string baseUrl, int maxRetries = 0, int maxCalls = 50, int timeoutSeconds = 10) =>
        new(Options.Create(new LlmOptions
        {
            Provider = LlmOptions.OpenAiProvider,
            Model = "test-model",
            BaseUrl = baseUrl,
            ApiKeyVariable = _keyVariable,
            TimeoutSeconds = timeoutSeconds,
            MaxRetries = maxRetries,
            MaxCalls = maxCalls,
        }), NullLogger<OpenAiRootCauseExplainer>.Instance);

    [Fact]
    public async Task Valid_answer_from_the_endpoint_is_reported_as_llm_with_its_model()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));

        var explanation = await Create(server.BaseUrl).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, explanation.Source);
        Assert.Equal("test-model", explanation.Model);
        Assert.Equal("Root cause: payment (bad deploy). Payment failed first after its deploy; roll it back.", explanation.Text);
    }

    [Fact]
    public async Task Request_is_one_chat_completion_with_bearer_key_json_format_and_the_built_prompt()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));
        var summary = Summaries.PaymentOutage();

        await Create(server.BaseUrl).ExplainAsync(summary, CancellationToken.None);

        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("Bearer " + _key, request.Authorization);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("test-model", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("json_object", body.RootElement.GetProperty("response_format").GetProperty("type").GetString());
        var messages = body.RootElement.GetProperty("messages");
        Assert.Equal(RootCausePromptBuilder.Build(summary).User, messages[1].GetProperty("content").GetString());
    }

    [Fact]
    public async Task Server_error_on_every_attempt_falls_back_to_the_candidates_text()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteStatusAsync(context, 500));
        var summary = Summaries.PaymentOutage();

        var explanation = await Create(server.BaseUrl, maxRetries: 1).ExplainAsync(summary, CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
        Assert.Null(explanation.Model);
        Assert.Equal(CandidateNarrative.Write(summary), explanation.Text);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Server_error_then_success_is_retried_and_reported_as_llm()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((attempt, context) => attempt == 1
            ? FakeChatCompletionsServer.WriteStatusAsync(context, 503)
            : FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));

        var explanation = await Create(server.BaseUrl, maxRetries: 2).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, explanation.Source);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Malformed_answer_falls_back()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, "the root cause is payment"));

        var explanation = await Create(server.BaseUrl).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
    }

    [Fact]
    public async Task Answer_slower_than_the_timeout_falls_back()
    {
        using var release = new CancellationTokenSource();
        await using var server = await FakeChatCompletionsServer.StartAsync(async (_, context) =>
        {
            // Holds the answer back until the test ends; the client gives up after its one-second timeout first.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(release.Token, context.RequestAborted);
            await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        });

        var explanation = await Create(server.BaseUrl, timeoutSeconds: 1).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);
        await release.CancelAsync();

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
    }

    [Fact]
    public async Task Calls_past_the_budget_fall_back_without_a_request()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));
        var explainer = Create(server.BaseUrl, maxCalls: 1);

        var first = await explainer.ExplainAsync(Summaries.PaymentOutage("run-budget"), CancellationToken.None);
        var second = await explainer.ExplainAsync(Summaries.PaymentOutage("run-budget"), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, first.Source);
        Assert.Equal(ExplanationSources.Fallback, second.Source);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Unreachable_endpoint_falls_back()
    {
        string baseUrl;
        await using (var stopped = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteStatusAsync(context, 500)))
        {
            baseUrl = stopped.BaseUrl;
        }

        // The server is gone, so the connection to its port is refused.
        var explanation = await Create(baseUrl).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
    }
}
