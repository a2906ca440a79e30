using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Llm.Resilience;

namespace AnomalyPlatform.RootCause.Tests.Llm;

public sealed class LlmCallThrottleTests
{
    [Fact]
    public async Task Request_past_the_per_minute_limit_waits_for_the_window()
    {
        using var throttle = new LlmCallThrottle(new LlmOptions { RequestsPerMinute = 2, TokensPerMinute = 0 });
        using var cancel = new CancellationTokenSource();

        await throttle.WaitForRateAsync(100, cancel.Token);
        await throttle.WaitForRateAsync(100, cancel.Token);
        var third = throttle.WaitForRateAsync(100, cancel.Token);

        Assert.False(third.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
    }

    [Fact]
    public async Task Request_past_the_per_minute_token_budget_waits_for_the_window()
    {
        using var throttle = new LlmCallThrottle(new LlmOptions { RequestsPerMinute = 0, TokensPerMinute = 1_000 });
        using var cancel = new CancellationTokenSource();

        await throttle.WaitForRateAsync(700, cancel.Token);
        var second = throttle.WaitForRateAsync(700, cancel.Token);

        Assert.False(second.IsCompleted);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task Request_larger_than_the_token_budget_still_starts_when_the_window_is_empty()
    {
        using var throttle = new LlmCallThrottle(new LlmOptions { RequestsPerMinute = 0, TokensPerMinute = 500 });

        var request = throttle.WaitForRateAsync(5_000, CancellationToken.None);

        await request;
        Assert.True(request.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Call_slots_beyond_the_concurrency_cap_wait_until_one_is_freed()
    {
        using var throttle = new LlmCallThrottle(new LlmOptions { MaxConcurrency = 1 });

        var first = await throttle.EnterAsync(CancellationToken.None);
        var second = throttle.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);
        first.Dispose();

        using var slot = await second;
        Assert.True(second.IsCompletedSuccessfully);
    }
}
