using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A temporary folder of input files, each read as <c>analyze</c> reads it (its format told by its content).</summary>
internal sealed class InputFolder : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("input-").FullName;

    /// <summary>Writes the texts as the lines of a file of that name and gives its path.</summary>
    public string Write(string name, params string[] texts)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join('\n', texts) + "\n");
        return path;
    }

    public static (List<TelemetryRecord> Records, InputRejects Rejects) Read(string path)
    {
        var records = new List<TelemetryRecord>();
        var rejects = new InputRejects();
        InputFiles.Read(path, records, new StringPool(), rejects, pending: null, CancellationToken.None);
        return (records, rejects);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
