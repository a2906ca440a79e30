using AnomalyPlatform.ServiceDefaults.Compression;

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
/// What of the input could not be records: counted in records (a CSV row is one, an OTLP span, log record or metric
/// point is one; a CSV row that swallowed the lines after it counts each), with the reasons kept for the user (file,
/// line, field) for the first few and for every loss of more than one record, so that nothing is dropped silently,
/// nothing large hides behind many small ones, and a bad file does not flood the terminal.
/// </summary>
internal sealed class InputRejects
{
    public const int ReasonsKept = 10;

    private readonly List<string> _reasons = [];
    private readonly List<(string, IReadOnlyList<string>)> _ignoredColumns = [];
    private readonly List<string> _emptyFiles = [];
    private long _rejections;
    private int _ordinaryKept;
    private int _largeKept;

    /// <summary>Records left out.</summary>
    public long Count { get; private set; }

    /// <summary>Whether some of what was left out could not be counted in records (a line that is not JSON): <see cref="Count"/> is then a floor.</summary>
    public bool CountIsFloor { get; private set; }

    /// <summary>The reasons kept, in input order: the first <see cref="ReasonsKept"/>, and up to as many losses of more than one record.</summary>
    public IReadOnlyList<string> Reasons => _reasons;

    /// <summary>Whether <see cref="Reasons"/> holds a loss of more than one record.</summary>
    public bool NamesLargeLosses => _largeKept > 0;

    /// <summary>Whether every rejection has its reason in <see cref="Reasons"/>.</summary>
    public bool AllNamed => _reasons.Count == _rejections;

    /// <summary>Per file, the header's columns that are not in the schema and were not read (a misspelt <c>mesage</c> loses every message).</summary>
    public IReadOnlyList<(string Path, IReadOnlyList<string> Columns)> IgnoredColumns => _ignoredColumns;

    /// <summary>Input files that held nothing (no byte but white space), read as no records.</summary>
    public IReadOnlyList<string> EmptyFiles => _emptyFiles;

    public void AddEmptyFile(string path) => _emptyFiles.Add(path);

    public void AddIgnoredColumns(string path, IReadOnlyList<string> columns)
    {
        if (columns.Count > 0)
        {
            _ignoredColumns.Add((path, columns));
        }
    }

    /// <summary>
    /// First points of cumulative OTLP series (sums, histograms, summaries): each is the base the series' increases are
    /// measured from, not a reading of its own, so a series with one point gives none.
    /// </summary>
    public long CumulativeBases { get; private set; }

    public void AddCumulativeBases(long points) => CumulativeBases += points;

    /// <summary>Log lines without a level of their own, read at the level their text states (<see cref="SeverityText.InMessage"/>).</summary>
    public long LevelsFromText { get; private set; }

    public void AddLevelsFromText(long lines) => LevelsFromText += lines;

    /// <summary>Log events read as metric readings (<see cref="MetricLogEvents"/>: CloudWatch's embedded metric format, Container Insights).</summary>
    public long MetricLogEvents { get; private set; }

    public void AddMetricLogEvents(long events) => MetricLogEvents += events;

    /// <summary>Container Insights' events of a task, service, pod, node or cluster, left out: they sum the containers' events, which are read.</summary>
    public long AggregateLogEvents { get; private set; }

    public void AddAggregateLogEvents(long events) => AggregateLogEvents += events;

    /// <summary>Prometheus series of a pod's total or its pause container (cAdvisor's <c>container=""</c>, <c>"POD"</c>), left out: the pod's containers' series are read.</summary>
    public long AggregateSeries { get; private set; }

    public void AddAggregateSeries(long series) => AggregateSeries += series;

    /// <summary>Metric readings without a value (NaN, a staleness marker): gaps, not records lost, so not in <see cref="Count"/>.</summary>
    public ValuelessReadings Valueless { get; } = new();

    /// <summary>Spans whose status was not understood, read as OK: records kept, so not in <see cref="Count"/>.</summary>
    public UnknownValues UnknownStatuses { get; } = new();

    /// <summary>Log lines whose level was not understood, read at the level their text states or as INFO: records kept.</summary>
    public UnknownValues UnknownLevels { get; } = new();

    /// <summary>A rejection whose records cannot be counted (a line that is not JSON): counted as one, and <see cref="Count"/> becomes a floor.</summary>
    public void AddUncounted(string path, long line, string field, string reason)
    {
        CountIsFloor = true;
        Add(path, line, field, reason);
    }

    /// <param name="records">How many records this rejection loses.</param>
    public void Add(string path, long line, string field, string reason, long records = 1)
    {
        Count += records;
        _rejections++;
        ref var kept = ref records > 1 ? ref _largeKept : ref _ordinaryKept;
        if (kept < ReasonsKept)
        {
            _reasons.Add($"{path}, line {line}, {field}: {reason}");
            kept++;
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
