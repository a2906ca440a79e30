using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// The multivariate series the LSTM autoencoder reads: one series per service, one row per interval of the run (long
/// stretches without a record cut to a window's length), columns = each metric averaged over the service's instances, then the Anscombe-transformed counts 2·√(k + 3/8)
/// of its ERROR logs and of its events in the interval. Every record it can describe is mapped to its (row, column)
/// cell, so window errors flow back to records.
/// </summary>
internal sealed class ServiceIntervalSeries
{
    public const string ErrorLogsColumn = "error_logs";
    public const string EventsColumn = "events";

    /// <summary>
    /// At most this many metrics become columns (the most reported ones): the network's width, and its training time,
    /// grow with them.
    /// </summary>
    public const int MaxMetrics = 32;

    /// <summary>Per row of a series: its interval of the run (the run's start + index × the interval's width).</summary>
    private readonly long[] _intervalIndices;

    private ServiceIntervalSeries(FeatureMatrix matrix, long startTicks, long intervalTicks, long[] intervalIndices, int[] recordCell, int[] recordColumn)
    {
        Matrix = matrix;
        StartTicks = startTicks;
        IntervalTicks = intervalTicks;
        _intervalIndices = intervalIndices;
        RecordCell = recordCell;
        RecordColumn = recordColumn;
    }

    /// <summary>Rows = services × intervals, group = service id, each group in time order.</summary>
    public FeatureMatrix Matrix { get; }

    /// <summary>The intervals each service's series has: every interval of the run but the inner part of long quiet stretches.</summary>
    public int Intervals => _intervalIndices.Length;

    public long StartTicks { get; }

    public long IntervalTicks { get; }

    /// <summary>Per record (row of the telemetry columns): the matrix row of its (service, interval), or -1 when not described.</summary>
    public int[] RecordCell { get; }

    /// <summary>Per record: the matrix column that describes it (its metric, ERROR logs or events), or -1.</summary>
    public int[] RecordColumn { get; }

    public int ErrorLogsColumnIndex => Matrix.Columns - 2;

    public int EventsColumnIndex => Matrix.Columns - 1;

    public DateTime IntervalStart(int matrixRow) => new(StartTicks + _intervalIndices[matrixRow % Intervals] * IntervalTicks, DateTimeKind.Utc);

    /// <param name="quietIntervalsKept">
    /// The most intervals kept of a stretch in which no service has a record the series describes (the model's window
    /// length): a row depends only on its own interval's records, so every row of such a stretch is the same quiet
    /// row, and beyond one window of them the windows over it are copies of one all-quiet window. Cutting the stretch
    /// to a window keeps every distinct window (those reaching into it from either side, and one all quiet) while the
    /// rows grow with the records, not with the time they span: 2,000 records over a month were 40,000 intervals.
    /// </param>
    public static ServiceIntervalSeries Build(TelemetryColumns columns, TimeSpan interval, IReadOnlyList<string> metrics, int quietIntervalsKept)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(quietIntervalsKept, 1);
        var n = columns.Count;
        var services = Math.Max(1, columns.Services.Count);
        var ticks = columns.Ticks;
        var (first, last) = TickRange.Of(ticks);
        var width = interval.Ticks;
        var lastInterval = (last - first) / width;
        var metricCount = metrics.Count;
        var columnCount = metricCount + 2;
        var columnOfName = ColumnOfName(columns, metrics);

        // First the interval of the run each described record falls in, then the rows those intervals become.
        var recordCell = new int[n];
        var recordColumn = new int[n];
        var recordInterval = new long[n];
        var described = new List<long>();
        var kinds = columns.Kinds;
        var levels = columns.Levels;
        var names = columns.NameIds;
        var serviceIds = columns.ServiceIds;
        var values = columns.Values;
        for (var row = 0; row < n; row++)
        {
            var column = kinds[row] switch
            {
                (byte)TelemetryKind.Metric => columnOfName[names[row]],
                (byte)TelemetryKind.Log when levels[row] == (byte)LogLevel.Error => metricCount,
                (byte)TelemetryKind.Event => metricCount + 1,
                _ => -1,
            };
            if (column < 0 || (column < metricCount && !double.IsFinite(values[row])))
            {
                recordCell[row] = -1;
                recordColumn[row] = -1;
                continue;
            }

            recordInterval[row] = (ticks[row] - first) / width;
            described.Add(recordInterval[row]);
            recordColumn[row] = column;
        }

        var intervalIndices = KeptIntervals(described, lastInterval, quietIntervalsKept);
        var intervals = intervalIndices.Length;
        var sums = new double[services * intervals * columnCount];
        var counts = new int[services * intervals * columnCount];
        for (var row = 0; row < n; row++)
        {
            var column = recordColumn[row];
            if (column < 0)
            {
                continue;
            }

            var cell = serviceIds[row] * intervals + Array.BinarySearch(intervalIndices, recordInterval[row]);
            recordCell[row] = cell;
            sums[cell * columnCount + column] += column < metricCount ? values[row] : 1.0;
            counts[cell * columnCount + column]++;
        }

        var matrixValues = new double[services * intervals * columnCount];
        var groups = new int[services * intervals];
        for (var cell = 0; cell < groups.Length; cell++)
        {
            groups[cell] = cell / intervals;
            for (var column = 0; column < columnCount; column++)
            {
                var k = cell * columnCount + column;
                matrixValues[k] = column < metricCount
                    ? counts[k] == 0 ? double.NaN : sums[k] / counts[k]
                    // Anscombe: Poisson counts become roughly normal with unit variance, quiet and busy services alike.
                    : 2.0 * Math.Sqrt(counts[k] + 0.375);
            }
        }

        string[] columnNames = [.. metrics, ErrorLogsColumn, EventsColumn];
        var matrix = new FeatureMatrix(groups.Length, columnNames, matrixValues, groups, services);
        return new ServiceIntervalSeries(matrix, first, width, intervalIndices, recordCell, recordColumn);
    }

    /// <summary>
    /// The run's intervals (0..<paramref name="lastInterval"/>) that become rows, ascending: every one but those past
    /// the first <paramref name="quietKept"/> of a stretch with nothing described. Found from the described intervals
    /// alone, so the work grows with the records, not with the time they span.
    /// </summary>
    private static long[] KeptIntervals(List<long> described, long lastInterval, int quietKept)
    {
        described.Sort();
        var kept = new List<long>();
        var next = 0L;
        foreach (var interval in described)
        {
            if (interval < next)
            {
                continue;
            }

            // The quiet intervals before this one: at most the first quietKept of them.
            for (var quiet = next; quiet < interval && quiet < next + quietKept; quiet++)
            {
                kept.Add(quiet);
            }

            kept.Add(interval);
            next = interval + 1;
        }

        for (var quiet = next; quiet <= lastInterval && quiet < next + quietKept; quiet++)
        {
            kept.Add(quiet);
        }

        return [.. kept];
    }

    /// <summary>
    /// The metrics the records report, whatever their names (a user's estate is not the generator's): the
    /// <see cref="MaxMetrics"/> most reported, in ordinal order of name, so that a segment's columns do not depend on where
    /// it starts.
    /// </summary>
    public static IReadOnlyList<string> MetricsOf(TelemetryColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var readings = new int[columns.Names.Count];
        var kinds = columns.Kinds;
        var names = columns.NameIds;
        for (var row = 0; row < columns.Count; row++)
        {
            if (kinds[row] == (byte)TelemetryKind.Metric)
            {
                readings[names[row]]++;
            }
        }

        return Enumerable.Range(0, readings.Length)
            .Where(id => readings[id] > 0)
            .OrderByDescending(id => readings[id]).ThenBy(id => columns.Names[id], StringComparer.Ordinal)
            .Take(MaxMetrics)
            .Select(id => columns.Names[id])
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static int[] ColumnOfName(TelemetryColumns columns, IReadOnlyList<string> metrics)
    {
        var map = new int[columns.Names.Count];
        for (var id = 0; id < map.Length; id++)
        {
            map[id] = -1;
            for (var m = 0; m < metrics.Count; m++)
            {
                if (string.Equals(columns.Names[id], metrics[m], StringComparison.Ordinal))
                {
                    map[id] = m;
                    break;
                }
            }
        }

        return map;
    }
}
