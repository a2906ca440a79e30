namespace AnomalyPlatform.Detector.Models;

/// <summary>A fitted detector that writes itself to a stream; each such model has a matching static <c>Load(Stream)</c>.</summary>
public interface IPersistentDetector
{
    /// <summary>Writes the fitted state (options that affect scoring, learned parameters, threshold); the stream stays open.</summary>
    void Save(Stream stream);
}
