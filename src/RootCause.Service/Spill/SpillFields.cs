namespace AnomalyPlatform.RootCause.Spill;

/// <summary>
/// Fields of a <see cref="SpillFile"/> that <see cref="BinaryWriter"/> has no exact form for: strings with null kept
/// apart from empty, names read back as one shared string each, and times with their kind.
/// </summary>
internal sealed class SpillFields
{
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    /// <summary>A string, or null (a message deserialised from the wire may lack one).</summary>
    public static void Write(BinaryWriter writer, string? text)
    {
        writer.Write(text is not null);
        if (text is not null)
        {
            writer.Write(text);
        }
    }

    public static string? Read(BinaryReader reader) => reader.ReadBoolean() ? reader.ReadString() : null;

    public static void Write(BinaryWriter writer, DateTime time)
    {
        writer.Write(time.Ticks);
        writer.Write((byte)time.Kind);
    }

    public static DateTime ReadTime(BinaryReader reader) => new(reader.ReadInt64(), (DateTimeKind)reader.ReadByte());

    /// <summary>
    /// A string a run repeats (a service, a metric, a model), as the same instance every time this table reads it: the
    /// detector sent them so, and a new string for each reading would cost more memory than the spill saved.
    /// </summary>
    public string? ReadName(BinaryReader reader)
    {
        var text = Read(reader);
        if (text is null)
        {
            return null;
        }

        if (!_names.TryGetValue(text, out var shared))
        {
            _names.Add(text, text);
            shared = text;
        }

        return shared;
    }
}
