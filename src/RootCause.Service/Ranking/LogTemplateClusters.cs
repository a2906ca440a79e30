namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>
/// Merges a service's log templates that are one statement written with different payloads, the way Drain clusters
/// lines: templates of equal token count whose fixed tokens agree on at least half the positions are one cluster, and
/// the positions where they differ become parameters. The detector's templates only mask tokens that hold digits, so a
/// line that prints words (station names, enum values) would otherwise count as a new template for every word and look
/// like a behaviour change. Clustering runs once over the whole run's distinct templates, most frequent first with ties
/// in ordinal order, so every process and every segment order gives the same clusters.
/// </summary>
public static class LogTemplateClusters
{
    /// <summary>Drain's similarity threshold: at least this share of a template's tokens must match a cluster's fixed tokens.</summary>
    private const double Similarity = 0.5;

    private const string Parameter = "<*>";

    /// <summary>For each (service, template) the key of its cluster: the first template of the cluster.</summary>
    public static Dictionary<(string Service, string Template), string> Of(IEnumerable<(string Service, string Template, long Count)> templates)
    {
        ArgumentNullException.ThrowIfNull(templates);
        var keys = new Dictionary<(string Service, string Template), string>();
        var ordered = templates
            .OrderBy(static t => t.Service, StringComparer.Ordinal)
            .ThenByDescending(static t => t.Count)
            .ThenBy(static t => t.Template, StringComparer.Ordinal);
        var clusters = new Dictionary<(string Service, int Length), List<Cluster>>();
        foreach (var (service, template, _) in ordered)
        {
            var tokens = template.Split(' ');
            if (!clusters.TryGetValue((service, tokens.Length), out var candidates))
            {
                candidates = [];
                clusters[(service, tokens.Length)] = candidates;
            }

            Cluster? best = null;
            var bestSimilarity = Similarity;
            foreach (var cluster in candidates)
            {
                var similarity = cluster.SimilarityTo(tokens);
                if (similarity >= bestSimilarity && (best is null || similarity > bestSimilarity))
                {
                    best = cluster;
                    bestSimilarity = similarity;
                }
            }

            if (best is null)
            {
                best = new Cluster(template, tokens);
                candidates.Add(best);
            }
            else
            {
                best.Absorb(tokens);
            }

            keys[(service, template)] = best.Key;
        }

        return keys;
    }

    private sealed class Cluster(string key, string[] tokens)
    {
        private readonly string[] _tokens = (string[])tokens.Clone();

        public string Key { get; } = key;

        /// <summary>Share of positions where the cluster's fixed token equals the template's (parameters never count as a match).</summary>
        public double SimilarityTo(string[] tokens)
        {
            var same = 0;
            for (var i = 0; i < _tokens.Length; i++)
            {
                if (_tokens[i] != Parameter && string.Equals(_tokens[i], tokens[i], StringComparison.Ordinal))
                {
                    same++;
                }
            }

            return (double)same / _tokens.Length;
        }

        public void Absorb(string[] tokens)
        {
            for (var i = 0; i < _tokens.Length; i++)
            {
                if (!string.Equals(_tokens[i], tokens[i], StringComparison.Ordinal))
                {
                    _tokens[i] = Parameter;
                }
            }
        }
    }
}
