namespace AnomalyPlatform.Detector.Nab;

/// <summary>One labelled anomaly window, both ends inclusive.</summary>
public readonly record struct NabWindow(DateTime Start, DateTime End);
