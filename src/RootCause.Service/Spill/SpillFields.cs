namespace AnomalyPlatform.RootCause.Spill;

/// <summary>
/// Fields of a <see cref="SpillFile"/> that <see cref="BinaryWriter"/> has no exact form for: strings with null kept
/// apart from empty, and times with their kind.
/// </summary>
internal static class SpillFields
{
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
}
