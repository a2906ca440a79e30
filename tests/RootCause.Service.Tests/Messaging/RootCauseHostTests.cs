using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Progress;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Tests.Messaging;

public sealed class RootCauseHostTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static IHost BuildHost(Dictionary<string, string?> settings, RecordingStageProgress? progress = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        if (progress is not null)
        {
            builder.Services.AddSingleton<IStageProgress>(progress);
        }

        builder.AddServiceDefaults();
        builder.AddRootCause();
        builder.Services.AddHandler<CompletionCapture, RootCauseCompleted>();
        return builder.Build();
    }

    [Fact]
    public async Task Run_over_the_in_process_bus_writes_anomalies_json_and_publishes_completion_once()
    {
        using var folder = new TempFolder();
        var progress = new RecordingStageProgress();
        using var host = BuildHost(new() { ["Output:Directory"] = folder.Path }, progress);
        var capture = host.Services.GetRequiredService<CompletionCapture>();
        host.Services.GetRequiredService<DeadLetterLog>().Added += letter => capture.Fail(letter.Error);
        await host.StartAsync();
        var bus = host.Services.GetRequiredService<IMessageBus>();

        await bus.PublishAsync(RunMessages.Batch0("run-host"), CancellationToken.None);
        await bus.PublishAsync(RunMessages.Completed("run-host"), CancellationToken.None);
        await bus.PublishAsync(RunMessages.Batch0("run-host"), CancellationToken.None);
        await bus.PublishAsync(RunMessages.Batch1("run-host"), CancellationToken.None);
        var completed = await capture.Completion.WaitAsync(Timeout);
        await host.StopAsync();

        Assert.Equal("run-host", completed.RunId);
        Assert.Equal(4, completed.AnomalyCount);
        Assert.Equal(RunMessages.AnomalyRecordIds, completed.Incidents.SelectMany(i => i.AnomalyRecordIds).Order());
        Assert.Equal(Path.Combine(folder.Path, "anomalies.json"), completed.AnomaliesPath);
        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(completed.AnomaliesPath));
        Assert.Equal(4, document.RootElement.GetProperty("anomaly_count").GetInt32());
        Assert.Equal(4, document.RootElement.GetProperty("anomalies").GetArrayLength());
        Assert.Equal(1, capture.Count);
        Assert.Contains("complete root_cause", progress.Calls);
    }

    [Fact]
    public async Task Openai_provider_without_a_key_fails_at_start_naming_the_variable()
    {
        var variable = "RC_TEST_ABSENT_" + Guid.NewGuid().ToString("N");
        using var host = BuildHost(new() { ["Llm:Provider"] = "openai", ["Llm:ApiKeyVariable"] = variable });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Llm:Provder", "openai")]
    [InlineData("Llm:BaseUri", "http://localhost:11434/v1")]
    public async Task A_misspelt_llm_setting_fails_at_start_naming_it_instead_of_keeping_the_default(string key, string value)
    {
        // Ignored, Llm:Provder=openai had kept the mock explainer, and Llm:BaseUri the default endpoint.
        using var host = BuildHost(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"{key} is not an LLM setting; known: Provider, Model, BaseUrl,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Llm_settings_in_any_letter_case_are_settings()
    {
        using var host = BuildHost(new() { ["Llm:provider"] = "mock", ["Llm:MODEL"] = "any" });

        await host.StartAsync();
        await host.StopAsync();
    }

    [Fact]
    public async Task Out_of_range_root_cause_option_fails_at_start_naming_the_setting()
    {
        using var host = BuildHost(new() { ["RootCause:MaxCandidates"] = "0" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("RootCause:MaxCandidates", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("RootCause:TopKk", "5")]
    [InlineData("RootCause:MaxCandidate", "10")]
    [InlineData("RootCause:IncidentGap", "00:05:00")]
    public async Task A_misspelt_root_cause_setting_fails_at_start_naming_it_instead_of_ranking_with_the_default(string key, string value)
    {
        // Ignored, RootCause:MaxCandidate=10 had kept 5 candidates; IncidentGap is computed from IncidentGapSeconds.
        using var host = BuildHost(new() { [key] = value });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"{key} is not a root-cause setting; known: IncidentGapSeconds, MaxIncidentSeconds,", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_cause_settings_in_any_letter_case_are_settings()
    {
        using var host = BuildHost(new() { ["RootCause:maxCandidates"] = "3", ["RootCause:BEHAVIOURWEIGHT"] = "0" });

        await host.StartAsync();
        await host.StopAsync();

        var options = host.Services.GetRequiredService<IOptions<RootCauseOptions>>().Value;
        Assert.Equal(3, options.MaxCandidates);
        Assert.Equal(0, options.BehaviourWeight);
    }

    /// <summary>Stands in for the CLI: receives RootCauseCompleted.</summary>
    private sealed class CompletionCapture : IMessageHandler<RootCauseCompleted>
    {
        private readonly TaskCompletionSource<RootCauseCompleted> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _count;

        public Task<RootCauseCompleted> Completion => _completion.Task;

        public int Count => Volatile.Read(ref _count);

        public void Fail(string error) => _completion.TrySetException(new InvalidOperationException(error));

        public Task HandleAsync(MessageContext<RootCauseCompleted> context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            _completion.TrySetResult(context.Message);
            return Task.CompletedTask;
        }
    }
}
