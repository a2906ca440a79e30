namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// How far a corpus score could move on another set of files like these: the 5th and 95th percentiles of the
/// normalised score over bootstrap resamples of the files (drawn with replacement, as many as there are).
/// </summary>
/// <remarks>
/// A NAB score rests on a few dozen windows, each found or missed whole, so one window more or less moves it by about
/// two points on 50 windows. A detector compared on files it has not seen should be expected to land anywhere in this
/// interval even if it generalised perfectly; a score below it says more than noise. The resampling is seeded, so the
/// same scores print the same interval.
/// </remarks>
public sealed record NabScoreInterval(double Low, double High, int Resamples)
{
    public const int DefaultResamples = 2000;
    private const int Seed = 20261205;

    /// <summary>The interval of <paramref name="score"/>'s files, or null when fewer than two files hold windows.</summary>
    public static NabScoreInterval? Of(NabCorpusScore score, int resamples = DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 20);
        var files = score.Files;
        if (files.Count(static f => f.Windows > 0) < 2)
        {
            return null;
        }

        var random = new Random(Seed);
        var scores = new List<double>(resamples);
        var drawn = new NabFileScore[files.Count];
        while (scores.Count < resamples)
        {
            for (var i = 0; i < drawn.Length; i++)
            {
                drawn[i] = files[random.Next(files.Count)];
            }

            // A resample of window-less files only has no normalised score (0 / 0); it is drawn again.
            var resampled = NabCorpusScore.Of(score.Profile, score.Threshold, drawn);
            if (resampled.PerfectScore == resampled.NullScore)
            {
                continue;
            }

            scores.Add(resampled.NormalisedScore);
        }

        scores.Sort();
        return new NabScoreInterval(Percentile(scores, 0.05), Percentile(scores, 0.95), resamples);
    }

    private static double Percentile(List<double> sorted, double fraction)
    {
        var position = fraction * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}
