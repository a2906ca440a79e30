using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// The structural check of trace spans as a detector: its single feature is 1 when a span's parent id names no span
/// of the run (the parent was lost) and 0 otherwise. Nothing is learned: a broken parent link is anomalous by
/// definition, so the threshold is fixed at 0.5 and contamination does not apply.
/// </summary>
public sealed class TraceStructureDetector : IOutlierDetector, IFittedOutlierDetector
{
    /// <summary>The model name this detector reports. It is not one of the four <c>ModelNames</c> of the design.</summary>
    public const string ModelName = ModelNames.TraceStructure;

    public string Name => ModelName;

    public double Threshold => 0.5;

    public IFittedOutlierDetector Fit(FeatureMatrix training, CancellationToken cancellationToken) => this;

    public void Score(FeatureMatrix data, Span<double> scores)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (scores.Length < data.Rows)
        {
            throw new ArgumentException("The score span is shorter than the number of rows.", nameof(scores));
        }

        for (var row = 0; row < data.Rows; row++)
        {
            var missingParent = data[row, 0];
            scores[row] = missingParent > 0 ? 1.0 : 0.0;
        }
    }
}
