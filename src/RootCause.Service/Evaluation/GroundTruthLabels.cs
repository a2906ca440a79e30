using nietras.SeparatedValues;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// The ground truth of a run, read from <c>synthetic_labels.csv</c> (<c>record_id,is_anomaly,anomaly_type,incident_id</c>),
/// kept as compact columns: a flag, a type code and an incident code per record. Record ids are expected dense
/// (0..N-1, in order) and then index the arrays directly; other ids work through a lookup.
/// </summary>
public sealed class GroundTruthLabels
{
    private const string RecordIdColumn = "record_id";
    private const string IsAnomalyColumn = "is_anomaly";
    private const string AnomalyTypeColumn = "anomaly_type";
    private const string IncidentIdColumn = "incident_id";
    private const string OwnReportKey = "AnomalyPlatform.LabelsReport";

    private readonly bool[] _isAnomaly;
    private readonly int[] _typeCodes;
    private readonly int[] _incidentCodes;
    private readonly string[] _types;
    private readonly string[] _incidents;
    private readonly Dictionary<long, int>? _rowOfSparseId;

    private GroundTruthLabels(
        bool[] isAnomaly, int[] typeCodes, int[] incidentCodes, string[] types, string[] incidents, Dictionary<long, int>? rowOfSparseId)
    {
        _isAnomaly = isAnomaly;
        _typeCodes = typeCodes;
        _incidentCodes = incidentCodes;
        _types = types;
        _incidents = incidents;
        _rowOfSparseId = rowOfSparseId;
    }

    /// <summary>The number of labelled records.</summary>
    public long Count => _isAnomaly.Length;

    /// <summary>Whether the record is labelled anomalous; false for an id the file does not contain.</summary>
    public bool IsAnomaly(long recordId) => RowOf(recordId) is var row && row >= 0 && _isAnomaly[row];

    /// <summary>The labelled anomaly type, or null when the record is normal, untyped or unknown.</summary>
    public string? AnomalyTypeOf(long recordId) => RowOf(recordId) is var row && row >= 0 && _typeCodes[row] >= 0 ? _types[_typeCodes[row]] : null;

    /// <summary>The injected incident the record belongs to, or null.</summary>
    public string? IncidentIdOf(long recordId) =>
        RowOf(recordId) is var row && row >= 0 && _incidentCodes[row] >= 0 ? _incidents[_incidentCodes[row]] : null;

    /// <summary>Whether the file has a label for <paramref name="recordId"/>.</summary>
    public bool Contains(long recordId) => RowOf(recordId) >= 0;

    internal int RowCount => _isAnomaly.Length;

    /// <summary>The row of <paramref name="recordId"/>, or -1 when the file has no label for it.</summary>
    internal int RowIndexOf(long recordId) => RowOf(recordId);

    internal bool IsAnomalyAt(int row) => _isAnomaly[row];

    internal string? TypeAt(int row) => _typeCodes[row] >= 0 ? _types[_typeCodes[row]] : null;

    /// <summary>Reads and validates <paramref name="labelsCsvPath"/>; malformed content throws <see cref="InvalidDataException"/> naming file, line and field.</summary>
    public static Task<GroundTruthLabels> LoadAsync(string labelsCsvPath, CancellationToken cancellationToken) =>
        LoadAsync(labelsCsvPath, 0, cancellationToken);

    /// <summary>
    /// Reads and validates <paramref name="labelsCsvPath"/>, expecting about <paramref name="expectedRecords"/> rows: the
    /// columns are allocated once at that size instead of growing by doubling and being copied at the end (at
    /// 10,000,000 records that made 0.5 GB of short-lived arrays).
    /// </summary>
    public static async Task<GroundTruthLabels> LoadAsync(string labelsCsvPath, long expectedRecords, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(labelsCsvPath);
        var capacity = (int)Math.Clamp(expectedRecords, 0, Array.MaxLength);
        // Record ids are kept only when they are not the row numbers (0..N-1), which the generator's always are.
        List<long>? sparseIds = null;
        var flags = new GrowableColumn<bool>(capacity);
        var typeCodes = new GrowableColumn<int>(capacity);
        var incidentCodes = new GrowableColumn<int>(capacity);
        var types = new Codes();
        var incidents = new Codes();
        var line = 1;
        try
        {
            using var reader = await Sep.New(',').Reader(o => o with { Unescape = true }).FromFileAsync(labelsCsvPath, cancellationToken).ConfigureAwait(false);
            var idColumn = RequireColumn(reader, RecordIdColumn, labelsCsvPath);
            var flagColumn = RequireColumn(reader, IsAnomalyColumn, labelsCsvPath);
            var typeColumn = RequireColumn(reader, AnomalyTypeColumn, labelsCsvPath);
            var incidentColumn = RequireColumn(reader, IncidentIdColumn, labelsCsvPath);
            await foreach (var row in reader.ConfigureAwait(false))
            {
                line = row.LineNumberFrom;
                var idText = row[idColumn].Span;
                if (!long.TryParse(idText, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                {
                    throw Malformed(labelsCsvPath, line, RecordIdColumn, $"'{idText}' is not a non-negative integer");
                }

                var flagText = row[flagColumn].Span;
                bool flag;
                if (flagText.Equals("true", StringComparison.OrdinalIgnoreCase))
                {
                    flag = true;
                }
                else if (flagText.Equals("false", StringComparison.OrdinalIgnoreCase))
                {
                    flag = false;
                }
                else
                {
                    throw Malformed(labelsCsvPath, line, IsAnomalyColumn, $"'{flagText}' is neither true nor false");
                }

                if (sparseIds is null && id != flags.Count)
                {
                    sparseIds = new List<long>(capacity);
                    for (long earlier = 0; earlier < flags.Count; earlier++)
                    {
                        sparseIds.Add(earlier);
                    }
                }

                sparseIds?.Add(id);
                flags.Add(flag);
                typeCodes.Add(types.CodeOf(row[typeColumn].Span));
                incidentCodes.Add(incidents.CodeOf(row[incidentColumn].Span));
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not FileNotFoundException and not DirectoryNotFoundException
                                   && !ex.Data.Contains(OwnReportKey))
        {
            // Sep reports structural problems (a row with the wrong number of fields) with its own exception types.
            throw new InvalidDataException($"{labelsCsvPath}, line {line + 1}: {ex.Message}", ex);
        }

        var rowOfSparseId = sparseIds is null ? null : Index(sparseIds, labelsCsvPath);
        return new GroundTruthLabels(flags.ToArray(), typeCodes.ToArray(), incidentCodes.ToArray(), types.Values, incidents.Values, rowOfSparseId);
    }

    private int RowOf(long recordId)
    {
        if (_rowOfSparseId is null)
        {
            return recordId >= 0 && recordId < _isAnomaly.Length ? (int)recordId : -1;
        }

        return _rowOfSparseId.TryGetValue(recordId, out var row) ? row : -1;
    }

    private static Dictionary<long, int> Index(List<long> ids, string path)
    {
        var index = new Dictionary<long, int>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            if (!index.TryAdd(ids[i], i))
            {
                // Data rows start on line 2 (line 1 is the header), assuming one line per row as the writer produces.
                throw Malformed(path, i + 2, RecordIdColumn, $"record id {ids[i]} appears more than once");
            }
        }

        return index;
    }

    private static int RequireColumn(SepReader reader, string name, string path) =>
        reader.Header.TryIndexOf(name, out var index)
            ? index
            : throw Malformed(path, 1, name, "the header has no such column (expected record_id,is_anomaly,anomaly_type,incident_id)");

    private static InvalidDataException Malformed(string path, int line, string field, string problem)
    {
        var exception = new InvalidDataException($"{path}, line {line}, field {field}: {problem}.");
        // Marks our own reports, which already name file, line and field, so that only Sep's errors get wrapped.
        exception.Data[OwnReportKey] = true;
        return exception;
    }

    /// <summary>An array filled in order, allocated at the expected size and grown by doubling past it.</summary>
    private struct GrowableColumn<T>(int capacity)
    {
        private T[] _items = new T[Math.Max(capacity, 16)];

        public int Count { get; private set; }

        public void Add(T item)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, (int)Math.Min(2L * _items.Length, Array.MaxLength));
            }

            _items[Count++] = item;
        }

        /// <summary>The filled part: the array itself when it was sized right, else a copy.</summary>
        public readonly T[] ToArray() => Count == _items.Length ? _items : _items[..Count];
    }

    /// <summary>Interns the few distinct type and incident names; an empty cell is null (-1).</summary>
    private sealed class Codes
    {
        private readonly Dictionary<string, int> _codes = new(StringComparer.Ordinal);
        private readonly List<string> _values = [];

        public string[] Values => [.. _values];

        public int CodeOf(ReadOnlySpan<char> text)
        {
            if (text.IsEmpty)
            {
                return -1;
            }

            var lookup = _codes.GetAlternateLookup<ReadOnlySpan<char>>();
            if (lookup.TryGetValue(text, out var code))
            {
                return code;
            }

            var value = text.ToString();
            code = _values.Count;
            _codes.Add(value, code);
            _values.Add(value);
            return code;
        }
    }
}
