using System.Runtime.InteropServices;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Spill;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// A run's score batches kept in a temporary file instead of the heap, to be read back one at a time by the evaluation:
/// they cost 2 bytes per record and model (140 MB at 10,000,000 records), and held in memory they made the process grow
/// with the run. The file is deleted when the spill is disposed. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class ScoreSpill : IDisposable
{
    private readonly SpillFile _file = new("anomaly-scores");
    private readonly SortedDictionary<(int Segment, int Sequence), long> _offsets = [];

    public int Count => _offsets.Count;

    /// <summary>Appends <paramref name="batch"/> unless a batch of the same segment and sequence is in; returns whether it was added.</summary>
    public bool TryAdd(ScoreBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (_offsets.ContainsKey((batch.Segment, batch.Sequence)))
        {
            return false;
        }

        var offset = _file.EndOffset;
        var writer = _file.Writer;
        writer.Write(batch.Sequence);
        writer.Write(batch.FirstRecordId);
        writer.Write(batch.Count);
        writer.Write(batch.RecordIds is { } ids ? ids.Count : -1);
        foreach (var id in batch.RecordIds ?? [])
        {
            writer.Write(id);
        }

        writer.Write(batch.Models.Count);
        foreach (var column in batch.Models)
        {
            writer.Write(column.Model);
            writer.Write(column.Scores.Length);
            writer.Write(MemoryMarshal.AsBytes(column.Scores.AsSpan()));
        }

        _offsets.Add((batch.Segment, batch.Sequence), offset);
        return true;
    }

    /// <summary>Where each batch written so far starts, in segment, then sequence order; everything written is on disk.</summary>
    public KeyValuePair<(int Segment, int Sequence), long>[] Snapshot()
    {
        _file.Flush();
        return [.. _offsets];
    }

    /// <summary>
    /// The batches of <paramref name="entries"/> (a <see cref="Snapshot"/>), read back one at a time; with
    /// <paramref name="model"/>, each holds only that model's column (the others are skipped on disk). Each enumeration
    /// reads the file again; none after <see cref="Dispose"/>.
    /// </summary>
    public IEnumerable<ScoreBatch> Read(KeyValuePair<(int Segment, int Sequence), long>[] entries, string runId, string? model)
    {
        if (_file.IsEmpty || entries.Length == 0)
        {
            yield break;
        }

        using var reader = _file.OpenReader();
        var reading = reader.BaseStream;
        foreach (var ((segment, _), offset) in entries)
        {
            reading.Seek(offset, SeekOrigin.Begin);
            var sequence = reader.ReadInt32();
            var first = reader.ReadInt64();
            var count = reader.ReadInt32();
            var idCount = reader.ReadInt32();
            long[]? ids = null;
            if (idCount >= 0)
            {
                ids = new long[idCount];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(ids.AsSpan()));
            }

            var models = reader.ReadInt32();
            var columns = new List<QuantisedScores>(model is null ? models : 1);
            for (var m = 0; m < models; m++)
            {
                var name = reader.ReadString();
                var length = reader.ReadInt32();
                if (model is not null && !string.Equals(name, model, StringComparison.Ordinal))
                {
                    reading.Seek(2L * length, SeekOrigin.Current);
                    continue;
                }

                var scores = new ushort[length];
                reader.BaseStream.ReadExactly(MemoryMarshal.AsBytes(scores.AsSpan()));
                columns.Add(new QuantisedScores(name, scores));
            }

            yield return new ScoreBatch(sequence, first, count, columns) { RunId = runId, Segment = segment, RecordIds = ids };
        }
    }

    public void Dispose() => _file.Dispose();
}
