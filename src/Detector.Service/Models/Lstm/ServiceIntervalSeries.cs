using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>
/// The multivariate series the LSTM autoencoder reads: one series per service, one row per interval of the run,
/// columns = each metric averaged over the service's instances, then the Anscombe-transformed counts 2·√(k + 3/8)
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

    /// <summary>Bounds memory on runs that span a long time at a short interval: wider intervals instead of more rows.</summary>
    private const int MaxIntervals = 500_000;

    private ServiceIntervalSeries(FeatureMatrix matrix, int intervals, long startTicks, long intervalTicks, int[] recordCell, int[] recordColumn)
    {
        Matrix = matrix;
        Intervals = intervals;
        StartTicks = startTicks;
        IntervalTicks = intervalTicks;
        RecordCell = recordCell;
        RecordColumn = recordColumn;
    }

    /// <summary>Rows = services × intervals, group = service id, each group in time order.</summary>
    public FeatureMatrix Matrix { get; }

    public int Intervals { get; }

    public long StartTicks { get; }

    public long IntervalTicks { get; }

    /// <summary>Per record (row of the telemetry columns): the matrix row of its (service, interval), or -1 when not described.</summary>
    public int[] RecordCell { get; }

    /// <summary>Per record: the matrix column that describes it (its metric, ERROR logs or events), or -1.</summary>
    public int[] RecordColumn { get; }

    public int ErrorLogsColumnIndex => Matrix.Columns - 2;

    public int EventsColumnIndex => Matrix.Columns - 1;

    public DateTime IntervalStart(int matrixRow) => new(StartTicks + (matrixRow % Intervals) * IntervalTicks, DateTimeKind.Utc);

    public static ServiceIntervalSeries Build(TelemetryColumns columns, TimeSpan interval, IReadOnlyList<string> metrics)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        var n = columns.Count;
        var services = Math.Max(1, columns.Services.Count);
        var ticks = columns.Ticks;
        var (first, last) = TickRange.Of(ticks);
        var width = Math.Max(interval.Ticks, (last - first) / MaxIntervals + 1);
        var intervals = (int)((last - first) / width) + 1;
        var metricCount = metrics.Count;
        var columnCount = metricCount + 2;
        var columnOfName = ColumnOfName(columns, metrics);

        var sums = new double[services * intervals * columnCount];
        var counts = new int[services * intervals * columnCount];
        var recordCell = new int[n];
        var recordColumn = new int[n];
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

            var cell = serviceIds[row] * intervals + (int)((ticks[row] - first) / width);
            recordCell[row] = cell;
            recordColumn[row] = column;
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
        return new ServiceIntervalSeries(matrix, intervals, first, width, recordCell, recordColumn);
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
