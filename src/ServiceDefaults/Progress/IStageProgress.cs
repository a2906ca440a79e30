namespace AnomalyPlatform.ServiceDefaults.Progress;

/// <summary>
/// Reports the progress of a long pipeline stage (<c>generate</c>, <c>detect</c>, <c>root_cause</c>, <c>evaluate</c>).
/// A standalone service logs it; the embedded CLI shows it on the console and times each stage.
/// Implementations are thread-safe.
/// </summary>
public interface IStageProgress
{
    /// <summary>Marks the start of <paramref name="stage"/>; <paramref name="total"/> is the expected amount of work, when known.</summary>
    void Start(string stage, long? total);

    /// <summary>Adds <paramref name="amount"/> units of finished work to <paramref name="stage"/>.</summary>
    void Advance(string stage, long amount);

    /// <summary>Marks <paramref name="stage"/> finished.</summary>
    void Complete(string stage);

    /// <summary>
    /// Tells the user, in one line, something about <paramref name="stage"/>'s work that they would want to know before
    /// it ends, such as a run too small to hold what it is for; the stage goes on. A test double may ignore it.
    /// </summary>
    void Warn(string stage, string message)
    {
    }

    /// <summary>
    /// Adds time <paramref name="stage"/> spent working, not waiting for another stage (the generator for a detector to
    /// take its segment, a detector for the next segment). Stages overlap, so their wall times add up to more than the
    /// run's; a stage that reports none worked for all of its wall time.
    /// </summary>
    void Worked(string stage, TimeSpan time)
    {
    }
}
