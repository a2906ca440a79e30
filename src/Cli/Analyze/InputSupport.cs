using AnomalyPlatform.Cli.Analyze.Gzip;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>A file that cannot be read as telemetry at all: the message names it and says why, for the user to fix.</summary>
internal sealed class InputFileException(string path, string reason) : Exception($"{path}: {reason}")
{
    public string Path { get; } = path;

    /// <summary>A file that broke off while it was being read (corrupt or truncated gzip, a failing disk): says how far it got.</summary>
    /// <param name="lastLineRead">The last line the reader took in; a gzip error counts the lines itself (the reader reads ahead).</param>
    public static InputFileException StoppedAt(string path, long lastLineRead, Exception error) =>
        new(path, error is GzipDataException ? error.Message : $"{error.Message} (after line {lastLineRead:N0})");
}

/// <summary>
/// The rows of the input that could not be records: counted, with the first few reasons kept for the user (file,
/// line, field), so that nothing is dropped silently and a bad file does not flood the terminal.
/// </summary>
internal sealed class InputRejects
{
    public const int ReasonsKept = 10;

    private readonly List<string> _first = [];

    public long Count { get; private set; }

    public IReadOnlyList<string> FirstReasons => _first;

    public void Add(string path, long line, string field, string reason)
    {
        Count++;
        if (_first.Count < ReasonsKept)
        {
            _first.Add($"{path}, line {line}, {field}: {reason}");
        }
    }
}

/// <summary>One copy of each service, instance and metric name: a day of telemetry repeats a few hundred of them millions of times.</summary>
internal sealed class StringPool
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public StringPool() => _lookup = _strings.GetAlternateLookup<ReadOnlySpan<char>>();

    public string Get(ReadOnlySpan<char> text)
    {
        if (_lookup.TryGetValue(text, out var existing))
        {
            return existing;
        }

        var added = text.ToString();
        _strings.Add(added, added);
        return added;
    }
}
