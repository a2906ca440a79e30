using AnomalyPlatform.Detector.Ensemble;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// What one model said about every record of the run, indexed by row of the telemetry columns: raw score (NaN when
/// the model does not score that kind of record), decision, the anomaly type it would call it, and a reason on demand.
/// </summary>
internal sealed class ModelOutput
{
    public const byte NoType = byte.MaxValue;

    private readonly Func<int, string> _reason;

    /// <param name="role">How the ensemble treats the model: a weighted voter (the default) or a decisive exact rule.</param>
    /// <param name="weight">The model's weight among the voters (see <see cref="EnsembleRole"/>).</param>
    public ModelOutput(
        string model, double threshold, double[] raw, bool[] flags, byte[] types, Func<int, string> reason,
        EnsembleRole role = EnsembleRole.Voter, double weight = 1.0)
    {
        Model = model;
        Threshold = threshold;
        Raw = raw;
        Flags = flags;
        Types = types;
        _reason = reason;
        Role = role;
        Weight = weight;
    }

    /// <summary>
    /// Null, or per row whether the model's flag there decides the ensemble's verdict (see
    /// <see cref="EnsembleCombiner.Combine"/>): the rows it judged by a test no other model can make.
    /// </summary>
    public bool[]? DecidesAt { get; init; }

    public EnsembleRole Role { get; }

    public double Weight { get; }

    public string Model { get; }

    /// <summary>Raw scores strictly above this are anomalies.</summary>
    public double Threshold { get; }

    public double[] Raw { get; }

    public bool[] Flags { get; }

    /// <summary>Index into <c>AnomalyTypes.All</c>, or <see cref="NoType"/>.</summary>
    public byte[] Types { get; }

    /// <summary>A short reason for the record at <paramref name="row"/>, prefixed with the model name; only asked for flagged rows.</summary>
    public string ReasonFor(int row) => _reason(row);
}
