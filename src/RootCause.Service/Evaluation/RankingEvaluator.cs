using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// ROC-AUC and average precision of one model's scores (from the collected <see cref="ScoreBatch"/>es) over every
/// labelled record. A labelled record no batch scored counts as scored 0 (the most normal score); a scored record the
/// labels do not contain counts as normal, as a flag on it counts as a false positive; a record scored twice counts once.
/// </summary>
/// <param name="batchesOf">The score batches, holding at least the column of the model asked for.</param>
internal sealed class RankingEvaluator(GroundTruthLabels labels, Func<string, IEnumerable<ScoreBatch>> batchesOf)
{
    private readonly ScoreHistogram _histogram = new();
    private readonly bool[] _covered = new bool[labels.RowCount];
    private readonly HashSet<long> _unlabelled = [];

    /// <summary>Points kept of each precision-recall curve: enough for a chart, small at any run size.</summary>
    public const int CurvePoints = 100;

    /// <summary>The two metrics of <paramref name="model"/> and its precision-recall curve, or null when no batch carries a column for it.</summary>
    public (double RocAuc, double PrAuc, IReadOnlyList<PrPoint> Curve)? Evaluate(string model)
    {
        _histogram.Clear();
        Array.Clear(_covered);
        _unlabelled.Clear();
        var found = false;
        foreach (var batch in batchesOf(model))
        {
            if (ColumnOf(batch, model) is not { } scores)
            {
                continue;
            }

            found = true;
            var count = Math.Min(batch.Count, scores.Length);
            for (var i = 0; i < count; i++)
            {
                var recordId = batch.RecordIds is { } ids ? ids[i] : batch.FirstRecordId + i;
                var row = labels.RowIndexOf(recordId);
                if (row < 0)
                {
                    if (_unlabelled.Add(recordId))
                    {
                        _histogram.Add(scores[i], isAnomaly: false);
                    }
                }
                else if (!_covered[row])
                {
                    _covered[row] = true;
                    _histogram.Add(scores[i], labels.IsAnomalyAt(row));
                }
            }
        }

        if (!found)
        {
            return null;
        }

        for (var row = 0; row < _covered.Length; row++)
        {
            if (!_covered[row])
            {
                _histogram.Add(0, labels.IsAnomalyAt(row));
            }
        }

        return (_histogram.RocAuc(), _histogram.AveragePrecision(), _histogram.PrecisionRecallCurve(CurvePoints));
    }

    private static ushort[]? ColumnOf(ScoreBatch batch, string model)
    {
        foreach (var column in batch.Models)
        {
            if (string.Equals(column.Model, model, StringComparison.Ordinal))
            {
                return column.Scores;
            }
        }

        return null;
    }
}
