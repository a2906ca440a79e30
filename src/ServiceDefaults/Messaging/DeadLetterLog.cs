using System.Collections.Concurrent;

namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>A message that failed every delivery and was set aside, with the last error.</summary>
public sealed record DeadLetter(string MessageType, string MessageId, int Attempts, string Error);

/// <summary>What this process dead-lettered, so that a run can report it instead of losing it silently.</summary>
public sealed class DeadLetterLog
{
    private readonly ConcurrentQueue<DeadLetter> _letters = new();

    public IReadOnlyCollection<DeadLetter> Letters => _letters;

    /// <summary>Raised after a message is dead-lettered; a pipeline uses it to stop waiting for work that will not come.</summary>
    public event Action<DeadLetter>? Added;

    public void Add(DeadLetter letter)
    {
        _letters.Enqueue(letter);
        Added?.Invoke(letter);
    }
}
