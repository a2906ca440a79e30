namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// One file prepared for NAB scoring: for every point after the probation period, its anomaly score, the window it
/// lies in (if any) and the unweighted scaled-sigmoid value NAB gives a detection there. Scoring at any threshold
/// or with any profile is then a single pass (NAB's <c>Sweeper.calcSweepScore</c> and <c>calcScoreByThreshold</c>).
/// </summary>
public sealed class NabFileSweep
{
    private const double ProbationFraction = 0.15;
    private const int ProbationRowsCap = 750; // NAB: min(floor(0.15 * rows), 0.15 * 5000)

    private NabFileSweep(string file, int rowCount, int probationLength, double[] scores, int[] windowOf, double[] sigmoid, int windowCount)
    {
        File = file;
        RowCount = rowCount;
        ProbationLength = probationLength;
        Scores = scores;
        WindowOf = windowOf;
        Sigmoid = sigmoid;
        WindowCount = windowCount;
    }

    public string File { get; }

    public int RowCount { get; }

    /// <summary>Rows at the start whose detections NAB ignores.</summary>
    public int ProbationLength { get; }

    /// <summary>Windows that have at least one point after probation (NAB never counts the others).</summary>
    public int WindowCount { get; }

    /// <summary>Anomaly score of each scored point (rows after probation).</summary>
    internal double[] Scores { get; }

    /// <summary>Scored-window index of each scored point, or -1 outside every window.</summary>
    internal int[] WindowOf { get; }

    /// <summary>Inside a window S(p)/S(-1) (0..1, before the TP weight); outside S(p) (negative, before the FP weight).</summary>
    internal double[] Sigmoid { get; }

    public static int ProbationLengthFor(int rowCount) => Math.Min((int)Math.Floor(ProbationFraction * rowCount), ProbationRowsCap);

    public static NabFileSweep Create(string file, ReadOnlySpan<DateTime> timestamps, ReadOnlySpan<double> scores, IReadOnlyList<NabWindow> windows)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (timestamps.Length != scores.Length)
        {
            throw new ArgumentException($"{file}: {timestamps.Length} timestamps but {scores.Length} scores.", nameof(scores));
        }

        var n = timestamps.Length;
        var probation = ProbationLengthFor(n);
        var (lefts, rights) = Locate(timestamps, windows);

        var scored = n - probation;
        var pointScores = new double[scored];
        var windowOf = new int[scored];
        var sigmoid = new double[scored];
        var scoredWindowIndex = new int[lefts.Length];
        var windowCount = 0;
        for (var w = 0; w < lefts.Length; w++)
        {
            scoredWindowIndex[w] = rights[w] >= probation ? windowCount++ : -1;
        }

        var next = 0;            // next window to enter
        var current = -1;        // window we are in
        var previousRight = -1;  // right edge of the last window left behind
        var previousWidth = 0.0;
        for (var i = 0; i < n; i++)
        {
            if (current < 0 && next < lefts.Length && i == lefts[next])
            {
                current = next++;
            }

            double value;
            if (current >= 0)
            {
                var width = rights[current] - lefts[current] + 1.0;
                var position = -(rights[current] - i + 1.0) / width;
                value = NabScaledSigmoid.Evaluate(position) / NabScaledSigmoid.MaxTruePositive;
            }
            else if (previousRight < 0)
            {
                value = -1.0;
            }
            else
            {
                // NAB divides by (width - 1); a one-row window would divide by zero there, so treat it as far away.
                var position = previousWidth > 1.0 ? Math.Abs(previousRight - i) / (previousWidth - 1.0) : double.PositiveInfinity;
                value = NabScaledSigmoid.Evaluate(position);
            }

            if (i >= probation)
            {
                var k = i - probation;
                pointScores[k] = scores[i];
                windowOf[k] = current >= 0 ? scoredWindowIndex[current] : -1;
                sigmoid[k] = value;
            }

            if (current >= 0 && i == rights[current])
            {
                previousRight = i;
                previousWidth = rights[current] - lefts[current] + 1.0;
                current = -1;
            }
        }

        return new NabFileSweep(file, n, probation, pointScores, windowOf, sigmoid, windowCount);
    }

    /// <summary>The file's score when every point with score &gt;= <paramref name="threshold"/> is a detection.</summary>
    public NabFileScore ScoreAt(double threshold, NabProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var best = new double[WindowCount];
        var detected = new bool[WindowCount];
        Array.Fill(best, -profile.FalseNegativeWeight);
        double falsePositiveCost = 0;
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var k = 0; k < Scores.Length; k++)
        {
            var window = WindowOf[k];
            var fires = Scores[k] >= threshold;
            if (window >= 0)
            {
                if (fires)
                {
                    tp++;
                    detected[window] = true;
                    best[window] = Math.Max(best[window], Sigmoid[k] * profile.TruePositiveWeight);
                }
                else
                {
                    fn++;
                }
            }
            else if (fires)
            {
                fp++;
                falsePositiveCost += Sigmoid[k] * profile.FalsePositiveWeight;
            }
            else
            {
                tn++;
            }
        }

        var score = falsePositiveCost;
        var detectedWindows = 0;
        for (var w = 0; w < best.Length; w++)
        {
            score += best[w];
            detectedWindows += detected[w] ? 1 : 0;
        }

        return new NabFileScore(File, score, tp, fp, fn, tn, WindowCount, detectedWindows);
    }

    /// <summary>
    /// First and last row of each window, found as NAB finds them: scanning rows in file order (timestamps may repeat
    /// or step back), the window opens at the first row at or after its start and closes at the last row up to its end.
    /// </summary>
    private static (int[] Lefts, int[] Rights) Locate(ReadOnlySpan<DateTime> timestamps, IReadOnlyList<NabWindow> windows)
    {
        var lefts = new List<int>(windows.Count);
        var rights = new List<int>(windows.Count);
        var i = 0;
        foreach (var window in windows)
        {
            while (i < timestamps.Length && timestamps[i] < window.Start)
            {
                i++;
            }

            var left = i;
            while (i < timestamps.Length && timestamps[i] < window.End)
            {
                i++;
            }

            var right = i < timestamps.Length && timestamps[i] == window.End ? i : i - 1;
            if (left <= right)
            {
                lefts.Add(left);
                rights.Add(right);
                i = right + 1;
            }
        }

        return ([.. lefts], [.. rights]);
    }
}
