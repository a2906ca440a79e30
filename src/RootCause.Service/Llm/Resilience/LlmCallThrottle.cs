using System.Threading.RateLimiting;

namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>
/// Keeps LLM traffic within a provider's limits: at most <see cref="LlmOptions.MaxConcurrency"/> calls in flight, and
/// sliding one-minute windows of <see cref="LlmOptions.RequestsPerMinute"/> requests and
/// <see cref="LlmOptions.TokensPerMinute"/> estimated tokens (Groq's free tier counts both per minute). Waiters queue
/// oldest first, so incidents are served in the order they were asked for.
/// </summary>
internal sealed class LlmCallThrottle : IDisposable
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _concurrency;
    private readonly RateLimiter? _requests;
    private readonly RateLimiter? _tokens;
    private readonly int _tokenLimit;

    public LlmCallThrottle(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _concurrency = new SemaphoreSlim(options.MaxConcurrency, options.MaxConcurrency);
        _requests = options.RequestsPerMinute > 0 ? PerMinute(options.RequestsPerMinute) : null;
        _tokens = options.TokensPerMinute > 0 ? PerMinute(options.TokensPerMinute) : null;
        _tokenLimit = options.TokensPerMinute;
    }

    /// <summary>Waits for a free call slot; dispose the result to free it.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _concurrency.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_concurrency);
    }

    /// <summary>Waits until one more request of about <paramref name="estimatedTokens"/> tokens fits in the last minute's limits.</summary>
    public async Task WaitForRateAsync(int estimatedTokens, CancellationToken cancellationToken)
    {
        if (_requests is not null)
        {
            using var lease = await _requests.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            EnsureAcquired(lease);
        }

        if (_tokens is not null)
        {
            // One request bigger than the whole minute's budget could never start; it takes the whole minute instead.
            var permits = Math.Clamp(estimatedTokens, 1, _tokenLimit);
            using var lease = await _tokens.AcquireAsync(permits, cancellationToken).ConfigureAwait(false);
            EnsureAcquired(lease);
        }
    }

    public void Dispose()
    {
        _concurrency.Dispose();
        _requests?.Dispose();
        _tokens?.Dispose();
    }

    private static SlidingWindowRateLimiter PerMinute(int limit) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = limit,
        Window = Window,
        SegmentsPerWindow = 12,
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    private static void EnsureAcquired(RateLimitLease lease)
    {
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("The LLM rate limiter refused a request although its queue is unbounded.");
        }
    }

    private sealed class Slot(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
