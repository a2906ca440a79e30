namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// Scores a set of files as NAB does: at a given threshold, or at the single threshold that maximises the corpus
/// total. The search is exact: every distinct score is tried, in one pass over all points sorted by score.
/// </summary>
public static class NabCorpusScorer
{
    public static NabCorpusScore ScoreAt(IReadOnlyList<NabFileSweep> files, double threshold, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(profile);
        var results = new NabFileScore[files.Count];
        for (var f = 0; f < files.Count; f++)
        {
            results[f] = files[f].ScoreAt(threshold, profile);
        }

        return NabCorpusScore.Of(profile, threshold, results);
    }

    /// <summary>
    /// The threshold (detection when score &gt;= threshold) with the best corpus total; ties go to the higher
    /// threshold. <see cref="double.PositiveInfinity"/> means never firing is best.
    /// </summary>
    public static NabCorpusScore Optimise(IReadOnlyList<NabFileSweep> files, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(profile);
        var total = files.Sum(static f => f.Scores.Length);
        var windowBase = new int[files.Count];
        var windows = 0;
        for (var f = 0; f < files.Count; f++)
        {
            windowBase[f] = windows;
            windows += files[f].WindowCount;
        }

        // Every scored point of the corpus, as (score, contribution if it fires, global window or -1).
        var scores = new double[total];
        var order = new int[total];
        var gains = new double[total];
        var windowIds = new int[total];
        var p = 0;
        for (var f = 0; f < files.Count; f++)
        {
            var file = files[f];
            for (var k = 0; k < file.Scores.Length; k++, p++)
            {
                scores[p] = file.Scores[k];
                order[p] = p;
                var window = file.WindowOf[k];
                windowIds[p] = window >= 0 ? windowBase[f] + window : -1;
                gains[p] = window >= 0 ? file.Sigmoid[k] * profile.TruePositiveWeight : file.Sigmoid[k] * profile.FalsePositiveWeight;
            }
        }

        Array.Sort(scores, order);
        var best = new double[windows];
        Array.Fill(best, -profile.FalseNegativeWeight);
        var running = -profile.FalseNegativeWeight * windows;
        var bestTotal = running;
        var bestThreshold = double.PositiveInfinity;
        for (var i = total - 1; i >= 0;)
        {
            var threshold = scores[i];
            // Fire every point with this exact score before judging the threshold, as NAB does.
            for (; i >= 0 && scores[i] == threshold; i--)
            {
                var point = order[i];
                var window = windowIds[point];
                if (window < 0)
                {
                    running += gains[point];
                }
                else if (gains[point] > best[window])
                {
                    running += gains[point] - best[window];
                    best[window] = gains[point];
                }
            }

            if (running > bestTotal)
            {
                bestTotal = running;
                bestThreshold = threshold;
            }
        }

        return ScoreAt(files, bestThreshold, profile);
    }
}
