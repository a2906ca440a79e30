using AnomalyPlatform.RootCause.Spill;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// Every model's flags of a run (model, record, score, type), kept in a <see cref="SpillFile"/> until the evaluation
/// reads one model's back: at 10,000,000 records they were tens of megabytes of dictionaries while detection still ran.
/// Model and type names are written once each and referred to by number. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class FlagSpill : IDisposable
{
    private readonly SpillFile _file = new("anomaly-flags");
    private readonly KeyNumbers<string> _names = new(StringComparer.Ordinal);
    private long _count;

    public void Add(string model, long recordId, CollectedFlag flag)
    {
        var writer = _file.Writer;
        writer.Write7BitEncodedInt(_names.NumberOf(model));
        writer.Write(recordId);
        writer.Write(flag.Score);
        writer.Write7BitEncodedInt(_names.NumberOf(flag.DetectedType));
        _count++;
    }

    /// <summary>The records <paramref name="model"/> flagged, in the order they were added (a later flag of a record replaces an earlier one).</summary>
    public Dictionary<long, CollectedFlag> Of(string model)
    {
        var flags = new Dictionary<long, CollectedFlag>();
        if (_count == 0 || !_names.TryGetNumber(model, out var wanted))
        {
            return flags;
        }

        using var reader = _file.OpenReader();
        for (long i = 0; i < _count; i++)
        {
            var number = reader.Read7BitEncodedInt();
            var recordId = reader.ReadInt64();
            var score = reader.ReadDouble();
            var type = reader.Read7BitEncodedInt();
            if (number == wanted)
            {
                flags[recordId] = new CollectedFlag(score, _names[type]);
            }
        }

        return flags;
    }

    public void Dispose() => _file.Dispose();
}
