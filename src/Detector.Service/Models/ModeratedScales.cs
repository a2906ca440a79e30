namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// Empirical-Bayes scales for many small series of one feature (Smyth, 2004: limma's moderated t): each series' scale
/// is drawn toward the scale typical of all of them, as far as the spread of the series' scales is sampling noise.
/// </summary>
/// <remarks>
/// Eleven spans of one calling context can cluster within a few per cent by chance, and a z against that scale calls
/// the context's next ordinary slow call a spike; a thousand spans cannot. The prior is fitted to the data by the method
/// of moments on the log variances (their sampling variance is known from the degrees of freedom, the rest is how much
/// the series really differ), so there is no setting: series that really differ keep their own scales, and a series
/// with thousands of values keeps its own whatever the others do. The posterior scale carries the prior's degrees of
/// freedom as well as its own, which the z's small-sample correction then counts.
/// </remarks>
internal static class ModeratedScales
{
    /// <summary>
    /// Replaces every reliable baseline's scale by its posterior and its count by 1 + its posterior degrees of freedom
    /// (capped at the total count). Baselines whose scale is at its floor (a series that never varies) take no part in
    /// the prior and keep their own; with fewer than three series there is no spread to fit and nothing changes.
    /// </summary>
    public static void Moderate(Span<Baseline> baselines, double minScale)
    {
        var logs = new List<(int Index, double Degrees, double Adjusted)>();
        long total = 0;
        for (var i = 0; i < baselines.Length; i++)
        {
            var baseline = baselines[i];
            if (!baseline.IsReliable || baseline.Count < 2 || !(baseline.Scale > StatisticalDetector.ScaleFloor(minScale, baseline.Center)))
            {
                continue;
            }

            double degrees = baseline.Count - 1;
            // E[log s²] = log σ² + ψ(d/2) − log(d/2) for a scaled χ²_d: adjusted, each series' log variance is unbiased.
            logs.Add((i, degrees, 2 * Math.Log(baseline.Scale) - Digamma(degrees / 2) + Math.Log(degrees / 2)));
            total += baseline.Count;
        }

        if (logs.Count < 3)
        {
            return;
        }

        var mean = 0.0;
        foreach (var (_, _, adjusted) in logs)
        {
            mean += adjusted;
        }

        mean /= logs.Count;
        var excess = 0.0;
        foreach (var (_, degrees, adjusted) in logs)
        {
            excess += (adjusted - mean) * (adjusted - mean) / (logs.Count - 1) - Trigamma(degrees / 2) / logs.Count;
        }

        // The spread beyond sampling noise is ψ'(d₀/2); none at all means one common scale (d₀ infinite).
        var priorDegrees = excess > 0 ? 2 * TrigammaInverse(excess) : double.PositiveInfinity;
        var priorVariance = double.IsPositiveInfinity(priorDegrees)
            ? Math.Exp(mean)
            : Math.Exp(mean + Digamma(priorDegrees / 2) - Math.Log(priorDegrees / 2));
        foreach (var (index, degrees, _) in logs)
        {
            var baseline = baselines[index];
            var own = baseline.Scale * baseline.Scale;
            var variance = double.IsPositiveInfinity(priorDegrees)
                ? priorVariance
                : (priorDegrees * priorVariance + degrees * own) / (priorDegrees + degrees);
            var count = (int)Math.Min(total, 1 + degrees + Math.Min(priorDegrees, total));
            baselines[index] = baseline with { Scale = Math.Sqrt(variance), Count = count };
        }
    }

    /// <summary>ψ(x) for x &gt; 0: the recurrence up to 6, then the asymptotic series (error below 1e-10).</summary>
    internal static double Digamma(double x)
    {
        var result = 0.0;
        while (x < 6)
        {
            result -= 1 / x;
            x += 1;
        }

        var f = 1 / (x * x);
        return result + Math.Log(x) - 0.5 / x - f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f / 132))));
    }

    /// <summary>ψ′(x) for x &gt; 0: the recurrence up to 6, then the asymptotic series (error below 1e-10).</summary>
    internal static double Trigamma(double x)
    {
        var result = 0.0;
        while (x < 6)
        {
            result += 1 / (x * x);
            x += 1;
        }

        var f = 1 / (x * x);
        return result + 1 / x + f / 2 + f / x * (1.0 / 6 - f * (1.0 / 30 - f * (1.0 / 42 - f / 30)));
    }

    /// <summary>The x &gt; 0 with ψ′(x) = y, by Smyth's Newton iteration on 1/ψ′ (monotone from its starting point).</summary>
    internal static double TrigammaInverse(double y)
    {
        if (y > 1e7)
        {
            return 1 / Math.Sqrt(y);
        }

        if (y < 1e-6)
        {
            return 1 / y;
        }

        var x = 0.5 + 1 / y;
        for (var i = 0; i < 50; i++)
        {
            var trigamma = Trigamma(x);
            var step = trigamma * (1 - trigamma / y) / Tetragamma(x);
            x += step;
            if (-step / x < 1e-8)
            {
                break;
            }
        }

        return x;
    }

    /// <summary>ψ″(x) for x &gt; 0, as ψ′ above.</summary>
    private static double Tetragamma(double x)
    {
        var result = 0.0;
        while (x < 6)
        {
            result -= 2 / (x * x * x);
            x += 1;
        }

        var f = 1 / (x * x);
        return result - f - f / x - f * f * (0.5 - f * (1.0 / 6 - f * (1.0 / 6 - f * 0.3)));
    }
}
