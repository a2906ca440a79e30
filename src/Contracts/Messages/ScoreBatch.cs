using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AnomalyPlatform.Contracts.Messages;

/// <summary>
/// Every model's score for a run of consecutive records, flagged or not, from the detector to the evaluation (which
/// needs the scores of all records for ROC-AUC and PR-AUC, where <see cref="DetectionBatch"/> carries only flagged
/// ones). Scores are quantised to 16 bits: 2 bytes per record and model, so a million records cost 2 MB per model.
/// </summary>
/// <param name="Sequence">0-based score batch number within the segment (its own numbering, apart from detection batches).</param>
/// <param name="FirstRecordId">The id of the first record; the others follow it one by one unless <see cref="RecordIds"/> is set.</param>
/// <param name="Count">Records in the batch; every column of <paramref name="Models"/> has this many scores.</param>
/// <param name="Models">One column per model (the ensemble included), in <see cref="ModelNames"/> spelling.</param>
public sealed record ScoreBatch(int Sequence, long FirstRecordId, int Count, IReadOnlyList<QuantisedScores> Models) : IntegrationMessage
{
    /// <summary>The quantised value of a normalised score of 1; a score s in 0..1 travels as round(s × Scale).</summary>
    public const int Scale = ushort.MaxValue;

    /// <summary>The records' ids when they are not <see cref="FirstRecordId"/>, +1, +2, ...; null (and absent on the wire) when they are.</summary>
    public IReadOnlyList<long>? RecordIds { get; init; }

    /// <summary>The <see cref="TelemetrySegment.Index"/> the scores come from.</summary>
    public int Segment { get; init; }

    public override string MessageId => $"{RunId}/scores/{Segment}/{Sequence}";
}

/// <summary>One model's quantised normalised scores (0..<see cref="ScoreBatch.Scale"/>), one per record of the batch, in batch order.</summary>
/// <param name="Scores">On the wire as base64 of little-endian 16-bit values: 2.7 characters a score instead of up to 6.</param>
public sealed record QuantisedScores(string Model, [property: JsonConverter(typeof(UInt16Base64Converter))] ushort[] Scores);

/// <summary>Writes a <c>ushort[]</c> as base64 of its little-endian bytes, and reads it back.</summary>
public sealed class UInt16Base64Converter : JsonConverter<ushort[]>
{
    public override ushort[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var bytes = reader.GetBytesFromBase64();
        if (bytes.Length % 2 != 0)
        {
            throw new JsonException($"A quantised score column needs an even number of bytes, got {bytes.Length}.");
        }

        var values = new ushort[bytes.Length / 2];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(2 * i));
        }

        return values;
    }

    public override void Write(Utf8JsonWriter writer, ushort[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        var bytes = new byte[value.Length * 2];
        for (var i = 0; i < value.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), value[i]);
        }

        writer.WriteBase64StringValue(bytes);
    }
}
