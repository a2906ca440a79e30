using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Llm.Resilience;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Llm;

/// <summary>
/// An endpoint that refuses connections, found out by the start check or by the first call: later incidents fall back
/// at once instead of each spending its retries, while an endpoint that answers with errors is still retried.
/// </summary>
public sealed class UnreachableEndpointTests : IDisposable
{
    private const int Incidents = 20;

    private const string Answer =
        """{"root_cause_service":"payment","fault_kind":"bad deploy","explanation":"Payment failed first after its deploy; roll it back."}""";

    private readonly string _keyVariable = "RC_UNREACHABLE_KEY_" + Guid.NewGuid().ToString("N");
    private readonly ConnectionCountingHandler _connections = new();
    private readonly ManualClock _clock = new();
    private readonly List<IDisposable> _disposables = [];

    public UnreachableEndpointTests() => Environment.SetEnvironmentVariable(_keyVariable, "sk-test");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        _disposables.ForEach(static d => d.Dispose());
        _connections.Dispose();
    }

    /// <summary>
    /// Options under which, without the circuit, every incident would make four connection attempts: three retries,
    /// no per-run give-up, no budget limit, no rate limit.
    /// </summary>
    private LlmOptions Options(string baseUrl)
    {
        var options = TestLlmOptions.Local(baseUrl, _keyVariable);
        options.MaxRetries = 3;
        options.MaxCalls = 1_000;
        options.MaxConsecutiveFailures = 1_000;
        options.CircuitBreakSeconds = 30;
        return options;
    }

    private LlmEndpointCircuit Circuit(LlmOptions options, ILogger<LlmEndpointCircuit>? logger = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), _clock, logger ?? NullLogger<LlmEndpointCircuit>.Instance);

    private OpenAiRootCauseExplainer Explainer(LlmOptions options, LlmEndpointCircuit circuit)
    {
        var explainer = new OpenAiRootCauseExplainer(Microsoft.Extensions.Options.Options.Create(options), circuit,
            NullLogger<OpenAiRootCauseExplainer>.Instance, TimeProvider.System, null, _connections.Handler);
        _disposables.Add(explainer);
        return explainer;
    }

    private static Task<RootCauseExplanation[]> ExplainManyAsync(IRootCauseExplainer explainer, int first = 0) =>
        Task.WhenAll(Enumerable.Range(first, Incidents)
            .Select(i => explainer.ExplainAsync(Summaries.PaymentOutageVariant(i), CancellationToken.None)));

    private static void AssertAllFallBackToTheCandidatesText(RootCauseExplanation[] explanations, int first = 0)
    {
        for (var i = 0; i < explanations.Length; i++)
        {
            Assert.Equal(ExplanationSources.Fallback, explanations[i].Source);
            Assert.Equal(CandidateNarrative.Write(Summaries.PaymentOutageVariant(first + i)), explanations[i].Text);
        }
    }

    [Fact]
    public async Task Refused_connections_open_the_circuit_so_many_incidents_cost_at_most_one_attempt_per_concurrent_call()
    {
        var options = Options(RefusingEndpoint.BaseUrl());
        var explainer = Explainer(options, Circuit(options));

        var explanations = await ExplainManyAsync(explainer);

        AssertAllFallBackToTheCandidatesText(explanations);
        // Only the calls already in flight when the first refusal came can try: one each, none retried.
        Assert.InRange(_connections.Attempts, 1, options.MaxConcurrency);
    }

    [Fact]
    public async Task Incidents_after_a_refused_connection_fall_back_without_trying_to_connect()
    {
        var options = Options(RefusingEndpoint.BaseUrl());
        var explainer = Explainer(options, Circuit(options));

        var explanations = new List<RootCauseExplanation>();
        for (var i = 0; i < Incidents; i++)
        {
            explanations.Add(await explainer.ExplainAsync(Summaries.PaymentOutageVariant(i), CancellationToken.None));
        }

        AssertAllFallBackToTheCandidatesText([.. explanations]);
        Assert.Equal(1, _connections.Attempts);
    }

    [Fact]
    public async Task An_endpoint_the_start_check_found_refusing_is_not_called_by_any_incident()
    {
        var options = Options(RefusingEndpoint.BaseUrl());
        var circuit = Circuit(options);
        await new LlmModelCheck(Microsoft.Extensions.Options.Options.Create(options), circuit, NullLogger<LlmModelCheck>.Instance)
            .StartAsync(CancellationToken.None);

        var explanations = await ExplainManyAsync(Explainer(options, circuit));

        AssertAllFallBackToTheCandidatesText(explanations);
        Assert.Equal(0, _connections.Attempts);
    }

    [Fact]
    public async Task Falling_back_for_an_unreachable_endpoint_is_warned_about_once()
    {
        var options = Options(RefusingEndpoint.BaseUrl());
        var log = new RecordingLogger<LlmEndpointCircuit>();
        var circuit = Circuit(options, log);
        await new LlmModelCheck(Microsoft.Extensions.Options.Options.Create(options), circuit, NullLogger<LlmModelCheck>.Instance)
            .StartAsync(CancellationToken.None);

        await ExplainManyAsync(Explainer(options, circuit));

        var warning = Assert.Single(log.Entries, e => e.Level >= LogLevel.Warning);
        Assert.Contains("unreachable", warning.Message, StringComparison.Ordinal);
        Assert.Contains("fall back", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_the_break_one_incident_tries_the_endpoint_again()
    {
        var options = Options(RefusingEndpoint.BaseUrl());
        var explainer = Explainer(options, Circuit(options));
        await explainer.ExplainAsync(Summaries.PaymentOutageVariant(0), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(options.CircuitBreakSeconds));
        var explanations = await ExplainManyAsync(explainer, first: 1);

        AssertAllFallBackToTheCandidatesText(explanations, first: 1);
        Assert.Equal(2, _connections.Attempts);
    }

    [Fact]
    public async Task An_endpoint_answering_after_the_break_explains_the_later_incidents_again()
    {
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));
        var options = Options(server.BaseUrl);
        var circuit = Circuit(options);
        circuit.RecordUnreachable("Connection refused");
        var explainer = Explainer(options, circuit);
        var during = await explainer.ExplainAsync(Summaries.PaymentOutageVariant(0), CancellationToken.None);

        _clock.Advance(TimeSpan.FromSeconds(options.CircuitBreakSeconds));
        // The trial goes alone: incidents asked while it is in flight still fall back.
        var trial = await explainer.ExplainAsync(Summaries.PaymentOutageVariant(1), CancellationToken.None);
        var after = await ExplainManyAsync(explainer, first: 2);

        Assert.Equal(ExplanationSources.Fallback, during.Source);
        Assert.Equal(ExplanationSources.Llm, trial.Source);
        Assert.All(after, e => Assert.Equal(ExplanationSources.Llm, e.Source));
        Assert.Equal(1 + Incidents, server.Requests.Count);
    }

    [Fact]
    public async Task Server_errors_do_not_open_the_circuit_and_are_still_retried()
    {
        // Every first attempt of an incident gets a 503, its retry the answer.
        await using var server = await FakeChatCompletionsServer.StartAsync((attempt, context) => attempt % 2 == 1
            ? FakeChatCompletionsServer.WriteStatusAsync(context, 503)
            : FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));
        var options = Options(server.BaseUrl);
        options.MaxConcurrency = 1;
        var explainer = Explainer(options, Circuit(options));

        var explanations = new List<RootCauseExplanation>();
        for (var i = 0; i < 3; i++)
        {
            explanations.Add(await explainer.ExplainAsync(Summaries.PaymentOutageVariant(i), CancellationToken.None));
        }

        Assert.All(explanations, e => Assert.Equal(ExplanationSources.Llm, e.Source));
        Assert.Equal(6, server.Requests.Count);
    }

    [Fact]
    public async Task An_endpoint_that_answers_the_model_question_with_an_error_does_not_open_the_circuit()
    {
        // No /models route: the endpoint answers 404, so it can be reached.
        await using var server = await FakeChatCompletionsServer.StartAsync((_, context) => FakeChatCompletionsServer.WriteCompletionAsync(context, Answer));
        var options = Options(server.BaseUrl);
        var circuit = Circuit(options);

        await new LlmModelCheck(Microsoft.Extensions.Options.Options.Create(options), circuit, NullLogger<LlmModelCheck>.Instance)
            .StartAsync(CancellationToken.None);

        Assert.True(circuit.AllowsCalls);
    }

    [Fact]
    public async Task The_hosts_start_check_and_explainer_share_one_circuit()
    {
        // Retries that would take minutes: only the circuit the start check opened lets the explanation come back soon.
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "openai",
            ["Llm:BaseUrl"] = RefusingEndpoint.BaseUrl(),
            ["Llm:ApiKeyVariable"] = _keyVariable,
            ["Llm:MaxRetries"] = "10",
            ["Llm:RetryBaseDelayMilliseconds"] = "60000",
            ["Llm:MaxConsecutiveFailures"] = "1000",
        });
        builder.AddServiceDefaults();
        builder.AddRootCause();
        using var host = builder.Build();
        await host.StartAsync();

        var explanation = await host.Services.GetRequiredService<IRootCauseExplainer>()
            .ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();

        Assert.False(host.Services.GetRequiredService<LlmEndpointCircuit>().AllowsCalls);
        Assert.Equal(ExplanationSources.Fallback, explanation.Source);
    }
}
