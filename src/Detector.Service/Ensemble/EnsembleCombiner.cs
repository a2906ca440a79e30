namespace AnomalyPlatform.Detector.Ensemble;

/// <summary>
/// Combines N models' normalised scores (0..1, 0.5 = the model's own threshold, NaN = the model did not score the
/// record) into one score and decision per record, and says which model leads each decision (its anomaly type and
/// reasons go first). With a single model the result equals that model.
/// </summary>
public sealed class EnsembleCombiner
{
    private readonly EnsembleStrategy _strategy;
    private readonly double[] _weights;

    private readonly EnsembleRole[] _roles;

    /// <param name="weights">One positive weight per model, in the order the scores will be given; null weighs all models 1.</param>
    /// <param name="roles">One role per model (used by <see cref="EnsembleStrategy.SoftVote"/>); null makes every model a voter.</param>
    public EnsembleCombiner(EnsembleStrategy strategy, int models, IReadOnlyList<double>? weights = null, IReadOnlyList<EnsembleRole>? roles = null)
    {
        if (roles is not null && roles.Count != models)
        {
            throw new ArgumentException($"Expected {models} roles, got {roles.Count}.", nameof(roles));
        }

        _roles = new EnsembleRole[Math.Max(0, models)];
        for (var m = 0; m < _roles.Length; m++)
        {
            _roles[m] = roles?[m] ?? EnsembleRole.Voter;
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(models, 1);
        if (weights is not null && weights.Count != models)
        {
            throw new ArgumentException($"Expected {models} weights, got {weights.Count}.", nameof(weights));
        }

        _strategy = strategy;
        _weights = new double[models];
        for (var m = 0; m < models; m++)
        {
            var weight = weights?[m] ?? 1.0;
            if (!(weight > 0) || double.IsInfinity(weight))
            {
                throw new ArgumentOutOfRangeException(nameof(weights), weight, "Every model weight must be positive and finite.");
            }

            _weights[m] = weight;
        }
    }

    /// <summary>With <see cref="EnsembleStrategy.Max"/>, a record is anomalous when its score is strictly above this, as for each model.</summary>
    public const double DecisionLevel = 0.5;

    /// <summary>
    /// Combines the scores of one record. <paramref name="normalised"/>[m] is model m's normalised score,
    /// <paramref name="flags"/>[m] its own decision. Returns the ensemble score (0 when no model scored the record),
    /// decision, and the index of the leading model (-1 when none scored it): the flagging model with the highest
    /// score, or the highest-scoring model when none flagged.
    /// </summary>
    /// <param name="decides">
    /// Empty, or per model whether its flag on this record decides whatever the strategy and the other models say: the
    /// model judged the record by a test the others cannot make (the statistical model's streaming detector, which
    /// compares a reading with the same hour of past days, against models that see each reading alone). Where it does
    /// not flag, the model takes its usual part.
    /// </param>
    public (double Score, bool IsAnomaly, int Lead) Combine(ReadOnlySpan<double> normalised, ReadOnlySpan<bool> flags, ReadOnlySpan<bool> decides = default)
    {
        if (normalised.Length != _weights.Length || flags.Length != _weights.Length || (decides.Length != 0 && decides.Length != _weights.Length))
        {
            throw new ArgumentException($"Expected scores and decisions of {_weights.Length} models.");
        }

        var combined = CombineByStrategy(normalised, flags);
        if (decides.IsEmpty || combined.IsAnomaly)
        {
            return combined;
        }

        var decider = -1;
        for (var m = 0; m < normalised.Length; m++)
        {
            if (decides[m] && flags[m] && !double.IsNaN(normalised[m]) && (decider < 0 || normalised[m] > normalised[decider]))
            {
                decider = m;
            }
        }

        return decider < 0 ? combined : (Math.Max(combined.Score, normalised[decider]), true, decider);
    }

    private (double Score, bool IsAnomaly, int Lead) CombineByStrategy(ReadOnlySpan<double> normalised, ReadOnlySpan<bool> flags)
    {
        if (_strategy == EnsembleStrategy.SoftVote)
        {
            return SoftVote(normalised, flags);
        }

        var lead = -1;
        var leadFlagged = false;
        double weightSum = 0, weightedScore = 0, weightedVotes = 0, max = 0;
        for (var m = 0; m < normalised.Length; m++)
        {
            var score = normalised[m];
            if (double.IsNaN(score))
            {
                continue;
            }

            var flagged = flags[m];
            if (lead < 0 || (flagged && !leadFlagged) || (flagged == leadFlagged && score > normalised[lead]))
            {
                lead = m;
                leadFlagged = flagged;
            }

            max = Math.Max(max, score);
            weightSum += _weights[m];
            weightedScore += _weights[m] * score;
            weightedVotes += flagged ? _weights[m] : 0;
        }

        if (lead < 0)
        {
            return (0, false, -1);
        }

        return _strategy switch
        {
            // Any model past its own threshold decides; by construction that is the same as max > 0.5.
            EnsembleStrategy.Max => (max, leadFlagged, lead),
            EnsembleStrategy.WeightedVote => (weightedScore / weightSum, weightedVotes / weightSum >= DecisionLevel, lead),
            _ => throw new InvalidOperationException($"Unknown ensemble strategy {_strategy}."),
        };
    }

    private (double Score, bool IsAnomaly, int Lead) SoftVote(ReadOnlySpan<double> normalised, ReadOnlySpan<bool> flags)
    {
        var decisive = -1;
        var lead = -1;
        double weightSum = 0, weightedScore = 0;
        for (var m = 0; m < normalised.Length; m++)
        {
            var score = normalised[m];
            if (double.IsNaN(score))
            {
                continue;
            }

            if (_roles[m] == EnsembleRole.Decisive)
            {
                if (flags[m] && (decisive < 0 || score > normalised[decisive]))
                {
                    decisive = m;
                }

                continue;
            }

            weightSum += _weights[m];
            weightedScore += _weights[m] * score;
            // The lead is the voter with the largest weighted contribution, flagged voters first.
            if (lead < 0 || (flags[m] && !flags[lead]) || (flags[m] == flags[lead] && _weights[m] * score > _weights[lead] * normalised[lead]))
            {
                lead = m;
            }
        }

        if (decisive >= 0)
        {
            var mean = weightSum > 0 ? weightedScore / weightSum : 0;
            return (Math.Max(normalised[decisive], mean), true, decisive);
        }

        if (lead < 0)
        {
            return (0, false, -1);
        }

        var combined = weightedScore / weightSum;
        return (combined, combined > DecisionLevel, lead);
    }
}
