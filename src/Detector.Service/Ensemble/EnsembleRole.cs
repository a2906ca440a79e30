namespace AnomalyPlatform.Detector.Ensemble;

/// <summary>How a model takes part in the <see cref="EnsembleStrategy.SoftVote"/> decision.</summary>
public enum EnsembleRole
{
    /// <summary>Its normalised score enters the weighted mean of every record it scores.</summary>
    Voter,

    /// <summary>
    /// An exact rule (a span whose parent is absent from the run is a lost span, by definition, not by degree): when it
    /// flags a record the record is anomalous whatever the voters say; when it does not, it abstains, because "the
    /// parent is present" says nothing about a span's duration or a window's count.
    /// </summary>
    Decisive,
}
