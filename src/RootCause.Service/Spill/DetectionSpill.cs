using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Spill;

/// <summary>
/// A run's detections kept in a <see cref="SpillFile"/> until the run is complete, then read back whole, in the order
/// they were added. The names a run repeats on every detection (services, instances, metric and template names, types,
/// models) are read back as one string each, as the detector sent them. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class DetectionSpill : IDisposable
{
    private readonly SpillFile _file = new("anomaly-detections");

    public int Count { get; private set; }

    public void Add(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var writer = _file.Writer;
        writer.Write(detection.RecordId);
        SpillFields.Write(writer, detection.Timestamp);
        writer.Write((int)detection.Kind);
        SpillFields.Write(writer, detection.Service);
        SpillFields.Write(writer, detection.Instance);
        SpillFields.Write(writer, detection.Name);
        writer.Write(detection.IsAnomaly);
        writer.Write(detection.Confidence);
        SpillFields.Write(writer, detection.DetectedType);
        var scores = detection.Scores ?? [];
        writer.Write(scores.Count);
        foreach (var score in scores)
        {
            SpillFields.Write(writer, score.Model);
            writer.Write(score.Score);
            writer.Write(score.IsAnomaly);
        }

        var reasons = detection.Reasons ?? [];
        writer.Write(reasons.Count);
        foreach (var reason in reasons)
        {
            SpillFields.Write(writer, reason);
        }

        Count++;
    }

    /// <summary>Every detection added, in the order added (each call reads the file again).</summary>
    public List<Detection> ReadAll()
    {
        var detections = new List<Detection>(Count);
        if (Count == 0)
        {
            return detections;
        }

        var names = new SpillFields();
        using var reader = _file.OpenReader();
        for (var i = 0; i < Count; i++)
        {
            var recordId = reader.ReadInt64();
            var timestamp = SpillFields.ReadTime(reader);
            var kind = (TelemetryKind)reader.ReadInt32();
            var service = names.ReadName(reader);
            var instance = names.ReadName(reader);
            var name = names.ReadName(reader);
            var isAnomaly = reader.ReadBoolean();
            var confidence = reader.ReadDouble();
            var type = names.ReadName(reader);
            var scores = new ModelScore[reader.ReadInt32()];
            for (var s = 0; s < scores.Length; s++)
            {
                scores[s] = new ModelScore(names.ReadName(reader)!, reader.ReadDouble(), reader.ReadBoolean());
            }

            var reasons = new string[reader.ReadInt32()];
            for (var r = 0; r < reasons.Length; r++)
            {
                reasons[r] = SpillFields.Read(reader)!;
            }

            detections.Add(new Detection(recordId, timestamp, kind, service!, instance!, name!, isAnomaly, confidence, type!, scores, reasons));
        }

        return detections;
    }

    public void Dispose() => _file.Dispose();
}
