namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// A model as the detection run uses it: builds its features from the run's records, fits one or more
/// <see cref="Models.IOutlierDetector"/>s on them and maps the scores back to records.
/// </summary>
internal interface IRecordModel
{
    string Name { get; }

    ModelOutput Run(DetectionInput input, CancellationToken cancellationToken);
}
