using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.RootCause.Spill;

/// <summary>
/// A run's detections kept in a <see cref="SpillFile"/> until the run is complete, then read back whole, in the order
/// they were added. The names a run repeats on every detection (services, instances, metric and template names, types,
/// models) are numbered in memory (<see cref="KeyNumbers{TKey}"/>), as the behaviour reports' keys are: the file holds
/// numbers, and each name is read back as the one string the detector sent, without decoding it again. Only the
/// reasons, which differ from record to record, are written as text. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class DetectionSpill : IDisposable
{
    private readonly SpillFile _file = new("anomaly-detections");
    private readonly KeyNumbers<string> _names = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public void Add(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        var writer = _file.Writer;
        writer.Write(detection.RecordId);
        SpillFields.Write(writer, detection.Timestamp);
        writer.Write((int)detection.Kind);
        WriteName(writer, detection.Service);
        WriteName(writer, detection.Instance);
        WriteName(writer, detection.Name);
        writer.Write(detection.IsAnomaly);
        writer.Write(detection.Confidence);
        WriteName(writer, detection.DetectedType);
        var scores = detection.Scores ?? [];
        writer.Write(scores.Count);
        foreach (var score in scores)
        {
            WriteName(writer, score.Model);
            writer.Write(score.Score);
            writer.Write(score.IsAnomaly);
        }

        var reasons = detection.Reasons ?? [];
        writer.Write(reasons.Count);
        foreach (var reason in reasons)
        {
            SpillFields.Write(writer, reason);
        }

        WriteNames(writer, detection.LostParentCallers);
        WriteNames(writer, detection.LostParentInstances);

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

        using var reader = _file.OpenReader();
        for (var i = 0; i < Count; i++)
        {
            var recordId = reader.ReadInt64();
            var timestamp = SpillFields.ReadTime(reader);
            var kind = (TelemetryKind)reader.ReadInt32();
            var service = ReadName(reader);
            var instance = ReadName(reader);
            var name = ReadName(reader);
            var isAnomaly = reader.ReadBoolean();
            var confidence = reader.ReadDouble();
            var type = ReadName(reader);
            var scores = new ModelScore[reader.ReadInt32()];
            for (var s = 0; s < scores.Length; s++)
            {
                scores[s] = new ModelScore(ReadName(reader)!, reader.ReadDouble(), reader.ReadBoolean());
            }

            var reasons = new string[reader.ReadInt32()];
            for (var r = 0; r < reasons.Length; r++)
            {
                reasons[r] = SpillFields.Read(reader)!;
            }

            var lostParents = ReadNames(reader);
            var lostInstances = ReadNames(reader);
            detections.Add(new Detection(recordId, timestamp, kind, service!, instance!, name!, isAnomaly, confidence, type!, scores, reasons)
            {
                LostParentCallers = lostParents,
                LostParentInstances = lostInstances,
            });
        }

        return detections;
    }

    public void Dispose() => _file.Dispose();

    /// <summary>A list of names as its length (-1 for null) and each name's number.</summary>
    private void WriteNames(BinaryWriter writer, IReadOnlyList<string>? names)
    {
        writer.Write(names?.Count ?? -1);
        foreach (var name in names ?? [])
        {
            WriteName(writer, name);
        }
    }

    private string[]? ReadNames(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        var names = count < 0 ? null : new string[count];
        for (var i = 0; i < count; i++)
        {
            names![i] = ReadName(reader)!;
        }

        return names;
    }

    /// <summary>A name as its number + 1, or 0 for null (a detection deserialised from a message may lack one).</summary>
    private void WriteName(BinaryWriter writer, string? name) => writer.Write7BitEncodedInt(name is null ? 0 : _names.NumberOf(name) + 1);

    private string? ReadName(BinaryReader reader) => reader.Read7BitEncodedInt() is var number and > 0 ? _names[number - 1] : null;
}
