using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>A configuration the selection may choose: a name and a factory giving a fresh detector per series.</summary>
public sealed record NabCandidate(string Name, Func<IStreamingAnomalyDetector> Create);

/// <summary>Every candidate run over the same files, in the same order.</summary>
public sealed record NabCandidateRuns(IReadOnlyList<NabCandidate> Candidates, IReadOnlyList<IReadOnlyList<NabFileRun>> Runs)
{
    /// <summary>
    /// Runs every candidate over the files of <paramref name="first"/>, whose runs are the first candidate's (already
    /// made), one candidate after another with fresh detectors per series; <paramref name="progress"/> hears each one done.
    /// </summary>
    public static NabCandidateRuns Run(
        IReadOnlyList<NabCandidate> candidates,
        IReadOnlyList<NabFileRun> first,
        Action<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(first);
        var files = first.Select(static f => (f.File, f.Series, f.Windows)).ToList();
        var runs = new List<IReadOnlyList<NabFileRun>>(candidates.Count) { first };
        foreach (var candidate in candidates.Skip(1))
        {
            var list = new List<NabFileRun>(files.Count);
            foreach (var (file, series, windows) in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var detection = SeriesDetection.Run(series, candidate.Create());
                list.Add(NabFileRun.Create(file, series, detection, windows, TimeSpan.Zero));
            }

            runs.Add(list);
            progress?.Invoke(runs.Count);
        }

        return new NabCandidateRuns(candidates, runs);
    }
}

/// <summary>One held-out category: the candidate (and threshold) chosen on the other categories, and its score here.</summary>
public sealed record NabHeldOutCategory(string Category, int FileCount, int WindowCount, string Chosen, double Threshold, NabCorpusScore HeldOut);

/// <summary>
/// The nested (leave-one-category-out) estimate of a selection procedure, and the same procedure run on every file.
/// </summary>
/// <param name="ByDecision">True: candidates are compared, and scored, at their own decisions; false: each candidate at
/// its threshold optimised on the same files, the pair (candidate, threshold) chosen together.</param>
public sealed record NabNestedEstimate(
    NabProfile Profile,
    bool ByDecision,
    string ChosenOnAll,
    NabCorpusScore InSample,
    IReadOnlyList<NabHeldOutCategory> Categories,
    double HeldOutScore);

/// <summary>
/// Leave-one-category-out evaluation of a whole selection: for each category, the candidate (with its threshold, when
/// thresholds are chosen) that scores best on the other categories is scored on the held-out one; the estimate is
/// NAB's normalised score of the summed held-out raw scores. Every choice the procedure makes is redone inside each
/// fold, so the estimate owes nothing to the held-out category. Ties go to the earlier candidate.
/// </summary>
public static class NabNestedSelection
{
    private const double DecisionThreshold = 0.5;

    public static NabNestedEstimate Estimate(NabCandidateRuns runs, NabProfile profile, bool byDecision)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(profile);
        if (runs.Runs.Count == 0)
        {
            throw new ArgumentException("No candidate to choose from.", nameof(runs));
        }

        var files = runs.Runs[0];
        var (chosenOnAll, allThreshold, _) = Choose(runs, static _ => true, profile, byDecision);
        var inSample = Score(runs.Runs[chosenOnAll], static _ => true, allThreshold, profile, byDecision);
        var categories = new List<NabHeldOutCategory>();
        double raw = 0, none = 0, perfect = 0;
        foreach (var category in files.Select(static f => f.Category).Distinct().Order(StringComparer.Ordinal))
        {
            var (chosen, threshold, _) = Choose(runs, f => f.Category != category, profile, byDecision);
            var heldOut = Score(runs.Runs[chosen], f => f.Category == category, threshold, profile, byDecision);
            (raw, none, perfect) = (raw + heldOut.RawScore, none + heldOut.NullScore, perfect + heldOut.PerfectScore);
            categories.Add(new NabHeldOutCategory(
                category, heldOut.Files.Count, files.Where(f => f.Category == category).Sum(static f => f.ByScore.WindowCount),
                runs.Candidates[chosen].Name, threshold, heldOut));
        }

        var estimate = perfect == none ? 0.0 : 100.0 * (raw - none) / (perfect - none);
        return new NabNestedEstimate(profile, byDecision, runs.Candidates[chosenOnAll].Name, inSample, categories, estimate);
    }

    /// <summary>The candidate (and threshold) with the best raw score over the files <paramref name="include"/> keeps.</summary>
    public static (int Candidate, double Threshold, double RawScore) Choose(NabCandidateRuns runs, Func<NabFileRun, bool> include, NabProfile profile, bool byDecision)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var best = (Candidate: 0, Threshold: DecisionThreshold, RawScore: double.NegativeInfinity);
        for (var c = 0; c < runs.Runs.Count; c++)
        {
            var kept = runs.Runs[c].Where(include).ToList();
            var score = byDecision
                ? NabCorpusScorer.ScoreAt(kept.Select(static f => f.ByDecision).ToList(), DecisionThreshold, profile)
                : NabCorpusScorer.Optimise(kept.Select(static f => f.ByScore).ToList(), profile);
            if (score.RawScore > best.RawScore + 1e-9)
            {
                best = (c, score.Threshold, score.RawScore);
            }
        }

        return best;
    }

    private static NabCorpusScore Score(IReadOnlyList<NabFileRun> run, Func<NabFileRun, bool> include, double threshold, NabProfile profile, bool byDecision) =>
        NabCorpusScorer.ScoreAt(run.Where(include).Select(f => byDecision ? f.ByDecision : f.ByScore).ToList(), byDecision ? DecisionThreshold : threshold, profile);
}
