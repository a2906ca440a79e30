using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// Counts of labelled-anomalous and labelled-normal records per quantised score (0..<see cref="ScoreBatch.Scale"/>).
/// Because scores take at most 65,536 values, ROC-AUC and average precision follow exactly from these counts in one
/// pass over the levels: no sort, and 1 MB whatever the number of records.
/// </summary>
public sealed class ScoreHistogram
{
    /// <summary>ROC-AUC when the labels hold only one class: no pair to rank, so the value of a random ranking.</summary>
    public const double RocAucWithOneClass = 0.5;

    /// <summary>Average precision when no record is labelled anomalous: nothing can be retrieved.</summary>
    public const double AveragePrecisionWithoutPositives = 0.0;

    private const int Levels = ScoreBatch.Scale + 1;

    private readonly long[] _positives = new long[Levels];
    private readonly long[] _negatives = new long[Levels];

    public long Positives { get; private set; }

    public long Negatives { get; private set; }

    public void Add(ushort score, bool isAnomaly)
    {
        if (isAnomaly)
        {
            _positives[score]++;
            Positives++;
        }
        else
        {
            _negatives[score]++;
            Negatives++;
        }
    }

    public void Clear()
    {
        Array.Clear(_positives);
        Array.Clear(_negatives);
        Positives = 0;
        Negatives = 0;
    }

    /// <summary>
    /// P(score of a random anomaly &gt; score of a random normal record) + ½ P(equal): the Mann–Whitney form of the area
    /// under the ROC curve, ties counted half. <see cref="RocAucWithOneClass"/> (0.5) when either class is empty.
    /// </summary>
    public double RocAuc()
    {
        if (Positives == 0 || Negatives == 0)
        {
            return RocAucWithOneClass;
        }

        // Twice the numerator, so that the half of a tie stays an integer: Σ pos[v] · (2 · neg[< v] + neg[v]).
        long twiceWins = 0, negativesBelow = 0;
        for (var level = 0; level < Levels; level++)
        {
            twiceWins += _positives[level] * (2 * negativesBelow + _negatives[level]);
            negativesBelow += _negatives[level];
        }

        return twiceWins / (2.0 * Positives * Negatives);
    }

    /// <summary>
    /// Average precision: Σₙ (Rₙ − Rₙ₋₁) · Pₙ over the distinct scores from the highest down, where Pₙ and Rₙ are the
    /// precision and recall of flagging every record scoring at least the n-th score (scikit-learn's
    /// <c>average_precision_score</c>: step-wise, no interpolation; tied records enter together).
    /// <see cref="AveragePrecisionWithoutPositives"/> (0) when no record is anomalous.
    /// </summary>
    public double AveragePrecision()
    {
        if (Positives == 0)
        {
            return AveragePrecisionWithoutPositives;
        }

        double sum = 0;
        long truePositives = 0, flagged = 0;
        for (var level = Levels - 1; level >= 0; level--)
        {
            truePositives += _positives[level];
            flagged += _positives[level] + _negatives[level];
            if (_positives[level] > 0)
            {
                sum += _positives[level] * ((double)truePositives / flagged);
            }
        }

        return sum / Positives;
    }

    /// <summary>
    /// The precision-recall curve: one point per distinct score from the highest down (flag every record scoring at
    /// least it), up to the first that reaches recall 1 (scikit-learn's <c>precision_recall_curve</c>: lower scores
    /// only add false positives), thinned so that recall rises by at least 1/<paramref name="maxPoints"/> from one
    /// point to the next (a chart of it stays small whatever the number of records), the point of recall 1 always kept:
    /// at most <paramref name="maxPoints"/> + 1 points. When recall 1 is reached only at the lowest score any record
    /// has, that last point flags every record (<see cref="PrPoint.FlagsEveryRecord"/>): its recall comes from no
    /// ranking, its precision is the share of anomalies among all records. Empty when no record is anomalous.
    /// Precision Pₙ holds over recall (Rₙ₋₁, Rₙ], from R₀ = 0: the area under that step function is
    /// <see cref="AveragePrecision"/> (exactly when no point was thinned out).
    /// </summary>
    public IReadOnlyList<PrPoint> PrecisionRecallCurve(int maxPoints)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        var points = new List<PrPoint>();
        if (Positives == 0)
        {
            return points;
        }

        long truePositives = 0, flagged = 0, truePositivesOfLastPoint = 0;
        for (var level = Levels - 1; level >= 0 && truePositives < Positives; level--)
        {
            if (_positives[level] == 0)
            {
                // Only false positives: the next point that finds an anomaly counts them.
                flagged += _negatives[level];
                continue;
            }

            truePositives += _positives[level];
            flagged += _positives[level] + _negatives[level];
            // Recall rises by at least 1/maxPoints, in counts so that no rounding thins out a step of exactly that.
            if ((truePositives - truePositivesOfLastPoint) * maxPoints >= Positives || truePositives == Positives)
            {
                points.Add(new PrPoint((double)truePositives / Positives, (double)truePositives / flagged, FlagsEveryRecord: flagged == Positives + Negatives));
                truePositivesOfLastPoint = truePositives;
            }
        }

        return points;
    }
}
