using System.Collections.Concurrent;
using System.Text.Json;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Llm.Resilience;
using AnomalyPlatform.RootCause.Tests.Support;
using Microsoft.AspNetCore.Http;
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
    private readonly List<OpenAiRootCauseExplainer> _explainers = [];

    public OpenAiRootCauseExplainerTests() => Environment.SetEnvironmentVariable(_keyVariable, _key);

    public ConcurrentQueue<LlmRetry> Retries { get; } = new();

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        _explainers.ForEach(static e => e.Dispose());
    }

    private OpenAiRootCauseExplainer Create(string baseUrl, Action<LlmOptions>? configure = null)
    {
        var options = TestLlmOptions.Local(baseUrl, _keyVariable);
        configure?.Invoke(options);
        Assert.True(new LlmOptionsValidator().Validate(null, options).Succeeded);
        var circuit = new LlmEndpointCircuit(Options.Create(options), TimeProvider.System, NullLogger<LlmEndpointCircuit>.Instance);
        var explainer = new OpenAiRootCauseExplainer(
            Options.Create(options), circuit, NullLogger<OpenAiRootCauseExplainer>.Instance, TimeProvider.System, Retries.Enqueue, null);
        _explainers.Add(explainer);
        return explainer;
    }

    private static Task<FakeChatCompletionsServer> AnsweringServer(string answer = Answer) =>
        FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, answer));

    [Fact]
    public async Task Valid_answer_from_the_endpoint_is_reported_as_llm_with_its_model()
    {
        await using var server = await AnsweringServer();

        var explanation = await Create(server.BaseUrl).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, explanation.Source);
        Assert.Equal("test-model", explanation.Model);
        Assert.Equal("Root cause: payment (bad deploy). Payment failed first after its deploy; roll it back.", explanation.Text);
    }

    [Fact]
    public async Task Request_is_one_chat_completion_with_bearer_key_json_format_and_the_built_prompt()
    {
        await using var server = await AnsweringServer();
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
    public async Task Server_error_on_every_attempt_is_retried_with_backoff_then_falls_back_to_the_candidates_text()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteStatusAsync(context, 500));
        var summary = Summaries.PaymentOutage();

        var explanation = await Create(server.BaseUrl, o => o.MaxRetries = 2).ExplainAsync(summary, CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
        Assert.Null(explanation.Model);
        Assert.Equal(CandidateNarrative.Write(summary), explanation.Text);
        Assert.Equal(3, server.Requests.Count);
        Assert.Equal(2, Retries.Count);
        Assert.All(Retries, r => Assert.Equal(500, r.Status));
        Assert.All(Retries, r => Assert.False(r.ServerAsked));
    }

    [Fact]
    public async Task Server_error_then_success_is_retried_and_reported_as_llm()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((attempt, context) => attempt == 1
            ? FakeChatCompletionsServer.WriteStatusAsync(context, 503)
            : FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));

        var explanation = await Create(server.BaseUrl, o => o.MaxRetries = 2).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, explanation.Source);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Rate_limited_request_waits_the_servers_retry_after_ms_instead_of_the_backoff_and_then_succeeds()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((attempt, context) => attempt == 1
            ? FakeChatCompletionsServer.WriteStatusAsync(context, 429, ("retry-after-ms", "150"), ("retry-after", "1"))
            : FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));

        // A 20 s backoff would be chosen if the header were ignored.
        var explanation = await Create(server.BaseUrl, o => { o.MaxRetries = 2; o.RetryBaseDelayMilliseconds = 20_000; })
            .ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, explanation.Source);
        Assert.Equal(2, server.Requests.Count);
        var retry = Assert.Single(Retries);
        Assert.Equal(new LlmRetry(0, 429, TimeSpan.FromMilliseconds(150), ServerAsked: true), retry);
    }

    [Fact]
    public async Task Rate_limited_request_waits_the_servers_retry_after_seconds()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((attempt, context) => attempt == 1
            ? FakeChatCompletionsServer.WriteStatusAsync(context, 429, ("retry-after", "1"))
            : FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));

        var explanation = await Create(server.BaseUrl, o => { o.MaxRetries = 1; o.RetryBaseDelayMilliseconds = 20_000; })
            .ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, explanation.Source);
        Assert.Equal(TimeSpan.FromSeconds(1), Assert.Single(Retries).Delay);
    }

    [Fact]
    public async Task Retry_after_longer_than_the_longest_accepted_wait_falls_back_without_retrying()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) =>
            FakeChatCompletionsServer.WriteStatusAsync(context, 429, ("retry-after", "3600")));

        var explanation = await Create(server.BaseUrl, o => { o.MaxRetries = 3; o.MaxRetryDelaySeconds = 60; })
            .ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
        Assert.Single(server.Requests);
        Assert.Empty(Retries);
    }

    [Fact]
    public async Task Client_error_other_than_429_is_not_retried()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteStatusAsync(context, 401));

        var explanation = await Create(server.BaseUrl, o => o.MaxRetries = 3).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Answer_that_is_not_the_requested_json_falls_back()
    {
        await using var server = await AnsweringServer("the root cause is payment");

        var explanation = await Create(server.BaseUrl).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
    }

    [Fact]
    public async Task Answer_naming_a_service_outside_the_incident_falls_back()
    {
        await using var server = await AnsweringServer("""{"root_cause_service":"mainframe","explanation":"It was the mainframe."}""");

        var explanation = await Create(server.BaseUrl).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
    }

    [Fact]
    public async Task Malformed_response_body_falls_back()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) =>
        {
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("""{"choices":[{"message":""");
        });

        var explanation = await Create(server.BaseUrl).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
    }

    [Fact]
    public async Task Answer_slower_than_the_timeout_is_retried_then_falls_back()
    {
        using var release = new CancellationTokenSource();
        await using var server = await FakeChatCompletionsServer.StartAsync(async (_, context) =>
        {
            // Holds the answer back until the test ends; the client gives up after its one-second timeout first.
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(release.Token, context.RequestAborted);
            await Task.Delay(Timeout.Infinite, linked.Token).ContinueWith(static _ => { }, TaskScheduler.Default);
        });

        var explanation = await Create(server.BaseUrl, o => { o.TimeoutSeconds = 1; o.MaxRetries = 1; })
            .ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);
        await release.CancelAsync();

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
        Assert.Equal(2, server.Requests.Count);
        Assert.Null(Assert.Single(Retries).Status);
    }

    [Fact]
    public async Task Calls_past_the_budget_fall_back_flagged_without_a_request()
    {
        await using var server = await AnsweringServer();
        var explainer = Create(server.BaseUrl, o => o.MaxCalls = 1);

        var first = await explainer.ExplainAsync(Summaries.PaymentOutageVariant(1, "run-budget"), CancellationToken.None);
        var second = await explainer.ExplainAsync(Summaries.PaymentOutageVariant(2, "run-budget"), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, first.Source);
        Assert.Equal(ExplanationSources.Fallback, second.Source);
        Assert.Null(second.Model);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Budget_is_counted_per_run()
    {
        await using var server = await AnsweringServer();
        var explainer = Create(server.BaseUrl, o => o.MaxCalls = 1);

        var first = await explainer.ExplainAsync(Summaries.PaymentOutageVariant(1, "run-a"), CancellationToken.None);
        var second = await explainer.ExplainAsync(Summaries.PaymentOutageVariant(2, "run-b"), CancellationToken.None);

        Assert.Equal(ExplanationSources.Llm, first.Source);
        Assert.Equal(ExplanationSources.Llm, second.Source);
    }

    [Fact]
    public async Task Two_identical_incidents_explained_at_once_make_one_request()
    {
        await using var server = await AnsweringServer();
        var explainer = Create(server.BaseUrl);
        var first = Summaries.PaymentOutage() with { IncidentId = "DET-0001" };
        var second = Summaries.PaymentOutage() with { IncidentId = "DET-0002" };

        var both = await Task.WhenAll(explainer.ExplainAsync(first, CancellationToken.None), explainer.ExplainAsync(second, CancellationToken.None));

        Assert.All(both, e => Assert.Equal(ExplanationSources.Llm, e.Source));
        Assert.Equal(both[0].Text, both[1].Text);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Different_incidents_are_not_served_from_the_cache()
    {
        await using var server = await AnsweringServer();
        var explainer = Create(server.BaseUrl);

        await explainer.ExplainAsync(Summaries.PaymentOutageVariant(1), CancellationToken.None);
        await explainer.ExplainAsync(Summaries.PaymentOutageVariant(2), CancellationToken.None);

        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Failed_answer_is_not_cached()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((attempt, context) => attempt == 1
            ? FakeChatCompletionsServer.WriteStatusAsync(context, 500)
            : FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));
        var explainer = Create(server.BaseUrl);

        var first = await explainer.ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);
        var second = await explainer.ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, first.Source);
        Assert.Equal(ExplanationSources.Llm, second.Source);
    }

    [Fact]
    public async Task After_consecutive_failures_the_run_stops_calling_and_falls_back()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteStatusAsync(context, 503));
        var explainer = Create(server.BaseUrl, o => o.MaxConsecutiveFailures = 2);

        var explanations = new List<RootCauseExplanation>();
        for (var i = 0; i < 4; i++)
        {
            explanations.Add(await explainer.ExplainAsync(Summaries.PaymentOutageVariant(i, "run-down"), CancellationToken.None));
        }

        Assert.All(explanations, e => Assert.Equal(ExplanationSources.Fallback, e.Source));
        Assert.Equal(2, server.Requests.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task No_more_calls_than_the_concurrency_cap_are_in_flight(int cap)
    {
        var inFlight = 0;
        var maxInFlight = 0;
        var arrivals = 0;
        var secondArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await FakeChatCompletionsServer.StartAsync(async (_, context) =>
        {
            InterlockedMax(ref maxInFlight, Interlocked.Increment(ref inFlight));
            if (Interlocked.Increment(ref arrivals) >= 2)
            {
                secondArrived.TrySetResult();
            }

            // Holds each answer until a second request is in, or briefly when none can come (the cap is 1).
            await Task.WhenAny(secondArrived.Task, Task.Delay(300));
            Interlocked.Decrement(ref inFlight);
            await FakeChatCompletionsServer.WriteCompletionAsync(context, Answer);
        });
        var explainer = Create(server.BaseUrl, o => o.MaxConcurrency = cap);

        var explanations = await Task.WhenAll(Enumerable.Range(1, 3)
            .Select(i => explainer.ExplainAsync(Summaries.PaymentOutageVariant(i), CancellationToken.None)));

        Assert.All(explanations, e => Assert.Equal(ExplanationSources.Llm, e.Source));
        Assert.Equal(cap, Volatile.Read(ref maxInFlight));
    }

    [Fact]
    public async Task Unreachable_endpoint_falls_back_without_retrying()
    {
        string baseUrl;
        await using (var stopped = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteStatusAsync(context, 500)))
        {
            baseUrl = stopped.BaseUrl;
        }

        // The server is gone, so the connection to its port is refused: no retry could cure that within the run.
        var explanation = await Create(baseUrl, o => o.MaxRetries = 1).ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
        Assert.Empty(Retries);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
