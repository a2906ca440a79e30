namespace AnomalyPlatform.ServiceDefaults.Output;

/// <summary>The names of the files a run writes into <see cref="OutputOptions.Directory"/>.</summary>
public static class OutputFiles
{
    public const string SyntheticData = "synthetic_data.csv";
    public const string SyntheticLabels = "synthetic_labels.csv";
    public const string Incidents = "incidents.json";
    public const string Anomalies = "anomalies.json";
    public const string Evaluation = "evaluation.json";
    public const string Performance = "performance.json";
}
