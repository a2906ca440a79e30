namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// When a recall can be measured at all: on few labelled records of a type, a model at the target could show anything
/// from about 0.6 to 1.0, and a shortfall says nothing about it (a 10,000-record run labels a handful of latency
/// spikes, often all in one incident). One rule for <c>evaluation.json</c>, the console's table and <c>report.html</c>.
/// </summary>
public static class MeasurableRecall
{
    /// <summary>The largest standard error a measured recall may have at the target recall.</summary>
    public const double StandardError = 0.1;

    /// <summary>
    /// The fewest labelled records of a type on which a recall is measured: below it the binomial standard error
    /// √(p(1−p)/n) at the target recall p is more than <see cref="StandardError"/> (16 records at p = 0.8).
    /// </summary>
    public static long MinSupport(double targetRecall)
    {
        var variance = targetRecall * (1 - targetRecall);
        // Rounded before the ceiling so that 0.16 / 0.01 is 16, not 17 by a last-digit error.
        return Math.Max(1, (long)Math.Ceiling(Math.Round(variance / (StandardError * StandardError), 9)));
    }
}
