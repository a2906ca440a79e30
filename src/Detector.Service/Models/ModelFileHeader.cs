using System.Text;

namespace AnomalyPlatform.Detector.Models;

/// <summary>The common start of every saved model: a 4-byte magic, a format version, the model name and its column names.</summary>
internal static class ModelFileHeader
{
    public static BinaryWriter Open(Stream stream) => new(stream, Encoding.UTF8, leaveOpen: true);

    public static BinaryReader OpenRead(Stream stream) => new(stream, Encoding.UTF8, leaveOpen: true);

    public static void Write(BinaryWriter writer, string magic, int version, string name, IReadOnlyList<string> columns)
    {
        writer.Write(Encoding.ASCII.GetBytes(magic));
        writer.Write(version);
        writer.Write(name);
        writer.Write(columns.Count);
        foreach (var column in columns)
        {
            writer.Write(column);
        }
    }

    /// <summary>Reads and checks the header; throws <see cref="InvalidDataException"/> for another model type or version.</summary>
    public static (string Name, string[] Columns) Read(BinaryReader reader, string magic, int version)
    {
        var found = Encoding.ASCII.GetString(reader.ReadBytes(magic.Length));
        if (found != magic)
        {
            throw new InvalidDataException($"Not a saved {magic} model (found '{found}').");
        }

        var foundVersion = reader.ReadInt32();
        if (foundVersion != version)
        {
            throw new InvalidDataException($"Saved {magic} model has format version {foundVersion}; this build reads version {version}.");
        }

        var name = reader.ReadString();
        var columns = new string[reader.ReadInt32()];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = reader.ReadString();
        }

        return (name, columns);
    }
}
