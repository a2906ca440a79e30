using System.Collections.Concurrent;

namespace AnomalyPlatform.RootCause.Llm.Resilience;

/// <summary>
/// Validated LLM answers by exact prompt text (model included), so an identical prompt is sent once: a second incident
/// of the same shape, or a re-run, reuses the first answer. In-flight calls are shared too, so two identical incidents
/// explained at the same time still cost one request. Failed calls are forgotten, so a later identical prompt may try again.
/// </summary>
internal sealed class PromptCache(int capacity)
{
    private readonly ConcurrentDictionary<string, Task<string?>> _answers = new(StringComparer.Ordinal);

    private readonly Lock _gate = new();

    /// <summary>
    /// Returns the cached or in-flight answer for <paramref name="key"/>, or starts <paramref name="call"/> and shares it;
    /// <paramref name="started"/> says which happened. The check and the start are atomic, so two identical prompts
    /// asked at the same time still make one call.
    /// </summary>
    public Task<string?> GetOrStart(string key, Func<Task<string?>> call, out bool started)
    {
        Task<string?> task;
        lock (_gate)
        {
            if (_answers.TryGetValue(key, out var existing))
            {
                started = false;
                return existing;
            }

            started = true;
            task = call();
            if (capacity == 0 || _answers.Count >= capacity || !_answers.TryAdd(key, task))
            {
                return task;
            }
        }

        _ = ForgetIfFailedAsync(key, task);
        return task;
    }

    private async Task ForgetIfFailedAsync(string key, Task<string?> task)
    {
        string? answer = null;
        try
        {
            answer = await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Whatever ended the call (a cancelled run, a bug), there is no answer to keep; the waiters see the failure themselves.
        }

        if (answer is null)
        {
            _answers.TryRemove(new KeyValuePair<string, Task<string?>>(key, task));
        }
    }
}
