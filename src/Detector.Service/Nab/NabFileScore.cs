namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// A file's NAB result at one threshold. <see cref="Score"/> is the raw sum NAB reports in its <c>Score</c> column;
/// the point counts follow NAB's columns (a point above the threshold inside a window is a TP, outside a FP; the
/// probation period is not counted), and the window counts say how many windows were found.
/// </summary>
public sealed record NabFileScore(
    string File,
    double Score,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    int Windows,
    int DetectedWindows);
