using System.Collections.Concurrent;

namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>
/// Per-run accounting of LLM requests: the call budget (<see cref="LlmOptions.MaxCalls"/>) and the run of consecutive
/// failures after which the run stops calling (<see cref="LlmOptions.MaxConsecutiveFailures"/>). Budget is reserved
/// synchronously when an incident is handed over, so with incidents handed over in order the same incidents get the
/// LLM on every run, whatever the concurrency.
/// </summary>
internal sealed class LlmRunBudget(int maxCalls, int maxConsecutiveFailures)
{
    private sealed class RunState
    {
        public int Calls;
        public int ConsecutiveFailures;
    }

    private readonly ConcurrentDictionary<string, RunState> _runs = new(StringComparer.Ordinal);

    /// <summary>True (and one call counted) while the run has budget left and its endpoint has not been given up on.</summary>
    public bool TryReserveCall(string runId)
    {
        var state = _runs.GetOrAdd(runId, static _ => new RunState());
        if (IsGivenUp(runId))
        {
            return false;
        }

        if (Interlocked.Increment(ref state.Calls) <= maxCalls)
        {
            return true;
        }

        Interlocked.Decrement(ref state.Calls);
        return false;
    }

    /// <summary>True once <c>maxConsecutiveFailures</c> calls in a row have failed in the run.</summary>
    public bool IsGivenUp(string runId) =>
        _runs.TryGetValue(runId, out var state) && Volatile.Read(ref state.ConsecutiveFailures) >= maxConsecutiveFailures;

    public void RecordSuccess(string runId) => Volatile.Write(ref _runs.GetOrAdd(runId, static _ => new RunState()).ConsecutiveFailures, 0);

    public void RecordFailure(string runId) => Interlocked.Increment(ref _runs.GetOrAdd(runId, static _ => new RunState()).ConsecutiveFailures);

    /// <summary>Stops the run's calls at once: a failure that no later call can cure (the model is not served).</summary>
    public void GiveUp(string runId) => Volatile.Write(ref _runs.GetOrAdd(runId, static _ => new RunState()).ConsecutiveFailures, maxConsecutiveFailures);
}
