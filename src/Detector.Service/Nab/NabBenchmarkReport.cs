namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// NAB scores of a benchmark run: per profile, at the detector's own decisions and at the corpus-optimised
/// threshold on the score; per category at both; and a leave-one-category-out check of the threshold (chosen on the
/// other categories, scored on the held-out one), which shows how much the optimised figure owes to hindsight.
/// </summary>
public sealed record NabBenchmarkReport(
    IReadOnlyList<NabFileRun> Files,
    IReadOnlyDictionary<string, NabCorpusScore> AtDecision,
    IReadOnlyDictionary<string, NabCorpusScore> AtOptimisedThreshold,
    IReadOnlyList<NabCategoryScore> Categories,
    double LeaveOneCategoryOutScore)
{
    private const double DecisionThreshold = 0.5; // the decision sweep holds 1 where the detector fired, 0 elsewhere

    public static NabBenchmarkReport Create(IReadOnlyList<NabFileRun> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var byScore = files.Select(static f => f.ByScore).ToList();
        var byDecision = files.Select(static f => f.ByDecision).ToList();
        var atDecision = new Dictionary<string, NabCorpusScore>();
        var optimised = new Dictionary<string, NabCorpusScore>();
        foreach (var profile in NabProfile.All)
        {
            atDecision[profile.Name] = NabCorpusScorer.ScoreAt(byDecision, DecisionThreshold, profile);
            optimised[profile.Name] = NabCorpusScorer.Optimise(byScore, profile);
        }

        var standard = NabProfile.Standard;
        var threshold = optimised[standard.Name].Threshold;
        var categories = new List<NabCategoryScore>();
        double heldOutRaw = 0, heldOutNull = 0, heldOutPerfect = 0;
        foreach (var group in files.GroupBy(static f => f.Category).OrderBy(static g => g.Key, StringComparer.Ordinal))
        {
            var inside = group.ToList();
            var outside = files.Where(f => f.Category != group.Key).Select(static f => f.ByScore).ToList();
            var insideByScore = inside.Select(static f => f.ByScore).ToList();
            var heldOutThreshold = outside.Count > 0 ? NabCorpusScorer.Optimise(outside, standard).Threshold : threshold;
            var heldOut = NabCorpusScorer.ScoreAt(insideByScore, heldOutThreshold, standard);
            heldOutRaw += heldOut.RawScore;
            heldOutNull += heldOut.NullScore;
            heldOutPerfect += heldOut.PerfectScore;
            categories.Add(new NabCategoryScore(
                group.Key,
                inside.Count,
                insideByScore.Sum(static s => s.WindowCount),
                NabCorpusScorer.ScoreAt(inside.Select(static f => f.ByDecision).ToList(), DecisionThreshold, standard),
                NabCorpusScorer.ScoreAt(insideByScore, threshold, standard),
                heldOut));
        }

        var loco = heldOutPerfect == heldOutNull ? 0.0 : 100.0 * (heldOutRaw - heldOutNull) / (heldOutPerfect - heldOutNull);
        return new NabBenchmarkReport(files, atDecision, optimised, categories, loco);
    }
}

/// <summary>
/// A category's standard-profile scores: at the decisions, at the corpus-optimised threshold, and at the threshold
/// optimised on the other categories only. A category without windows normalises to 0 whatever happens, so its
/// raw score (false-positive cost) is the figure to read there.
/// </summary>
public sealed record NabCategoryScore(
    string Category,
    int FileCount,
    int WindowCount,
    NabCorpusScore AtDecision,
    NabCorpusScore AtCorpusThreshold,
    NabCorpusScore AtHeldOutThreshold);
