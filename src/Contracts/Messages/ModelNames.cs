namespace AnomalyPlatform.Contracts.Messages;

/// <summary>The model names used in detections and in <c>evaluation.json</c>.</summary>
public static class ModelNames
{
    public const string IsolationForest = "isolation_forest";
    public const string OneClassSvm = "one_class_svm";
    public const string LstmAutoencoder = "lstm_autoencoder";
    public const string Statistical = "statistical";
    public const string TraceStructure = "trace_structure";
    public const string Ensemble = "ensemble";
}
