namespace AnomalyPlatform.Detector.Features;

/// <summary>Information content of categorical values, for "how rare is this template (or event type) here".</summary>
internal static class Surprisal
{
    /// <summary>
    /// −log₂ P(category | context) per row, with P estimated by (count + ½) / (context count + 1), so a category seen
    /// once is rare but finite. <paramref name="contexts"/> and <paramref name="categories"/> are small dense ids.
    /// </summary>
    public static double[] Conditional(ReadOnlySpan<int> contexts, ReadOnlySpan<int> categories)
    {
        var pairCounts = new Dictionary<(int Context, int Category), int>();
        var contextCounts = new Dictionary<int, int>();
        for (var i = 0; i < contexts.Length; i++)
        {
            var key = (contexts[i], categories[i]);
            pairCounts[key] = pairCounts.GetValueOrDefault(key) + 1;
            contextCounts[contexts[i]] = contextCounts.GetValueOrDefault(contexts[i]) + 1;
        }

        var bits = new double[contexts.Length];
        for (var i = 0; i < contexts.Length; i++)
        {
            var p = (pairCounts[(contexts[i], categories[i])] + 0.5) / (contextCounts[contexts[i]] + 1.0);
            bits[i] = -Math.Log2(p);
        }

        return bits;
    }
}
