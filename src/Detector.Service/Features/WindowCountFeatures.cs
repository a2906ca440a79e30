using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// Counts of selected records (ERROR logs, events) per service and time window, over the whole time range of the
/// run so that quiet windows count as zeros. Windows come in several grids: two widths (a burst spread over a few
/// minutes is still dense at the wider one) and, for each, two offsets half a window apart (a burst that straddles
/// a window edge is whole in the other grid). The feature is the Anscombe transform 2·√(k + 3/8) of the count,
/// which makes Poisson counts roughly normal with unit variance, so one robust z rule fits quiet and busy services.
/// </summary>
internal sealed class WindowCountFeatures
{
    public const string AnscombeCount = "anscombe_count";

    /// <summary>Window widths as multiples of the configured width: the base width, and five times it.</summary>
    private static readonly int[] WidthFactors = [1, 5];

    /// <summary>Bounds memory on runs that span a long time: wider windows instead of more of them.</summary>
    private const int MaxWindowsPerGrid = 20_000;

    private readonly Grid[] _grids;
    private readonly int[] _windowRowOfRecord;
    private readonly int[] _counts;
    private readonly int _services;

    private WindowCountFeatures(FeatureMatrix matrix, int[] recordRows, Grid[] grids, int[] windowRowOfRecord, int[] counts, int services)
    {
        Matrix = matrix;
        RecordRows = recordRows;
        _grids = grids;
        _windowRowOfRecord = windowRowOfRecord;
        _counts = counts;
        _services = services;
    }

    /// <summary>One row per (grid, service, window); group = grid × services + service.</summary>
    public FeatureMatrix Matrix { get; }

    /// <summary>The selected records (rows of the telemetry columns).</summary>
    public int[] RecordRows { get; }

    public int GridCount => _grids.Length;

    /// <summary>The matrix row of the window of grid <paramref name="grid"/> that holds selected record number <paramref name="k"/>.</summary>
    public int WindowRowOf(int grid, int k) => _windowRowOfRecord[grid * RecordRows.Length + k];

    public int CountAt(int matrixRow) => _counts[matrixRow];

    /// <summary>The start and width of the window at <paramref name="matrixRow"/>.</summary>
    public (DateTime Start, TimeSpan Width) WindowAt(int matrixRow)
    {
        foreach (var grid in _grids)
        {
            var rowsInGrid = _services * grid.Windows;
            if (matrixRow < grid.FirstRow + rowsInGrid)
            {
                var window = (matrixRow - grid.FirstRow) % grid.Windows;
                return (new DateTime(grid.StartTicks + window * grid.WidthTicks, DateTimeKind.Utc), TimeSpan.FromTicks(grid.WidthTicks));
            }
        }

        throw new ArgumentOutOfRangeException(nameof(matrixRow), matrixRow, "No window has this row.");
    }

    public static WindowCountFeatures Build(TelemetryColumns columns, int[] selectedRows, TimeSpan baseWidth)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(baseWidth, TimeSpan.Zero);
        var services = Math.Max(1, columns.Services.Count);
        var ticks = columns.Ticks;
        var (first, last) = TimeRange(ticks);
        var grids = new List<Grid>();
        var firstRow = 0;
        foreach (var factor in WidthFactors)
        {
            var width = Math.Max(baseWidth.Ticks * factor, (last - first) / MaxWindowsPerGrid + 1);
            foreach (var offset in (ReadOnlySpan<long>)[0, width / 2])
            {
                var start = first - offset;
                var windows = (int)((last - start) / width) + 1;
                grids.Add(new Grid(start, width, windows, firstRow));
                firstRow += services * windows;
            }
        }

        var counts = new int[firstRow];
        var windowRowOfRecord = new int[grids.Count * selectedRows.Length];
        for (var g = 0; g < grids.Count; g++)
        {
            var grid = grids[g];
            for (var k = 0; k < selectedRows.Length; k++)
            {
                var row = selectedRows[k];
                var window = (int)((ticks[row] - grid.StartTicks) / grid.WidthTicks);
                var matrixRow = grid.FirstRow + columns.ServiceIds[row] * grid.Windows + window;
                windowRowOfRecord[g * selectedRows.Length + k] = matrixRow;
                counts[matrixRow]++;
            }
        }

        var values = new double[firstRow];
        var groups = new int[firstRow];
        for (var g = 0; g < grids.Count; g++)
        {
            var grid = grids[g];
            for (var s = 0; s < services; s++)
            {
                var baseRow = grid.FirstRow + s * grid.Windows;
                for (var w = 0; w < grid.Windows; w++)
                {
                    values[baseRow + w] = 2.0 * Math.Sqrt(counts[baseRow + w] + 0.375);
                    groups[baseRow + w] = g * services + s;
                }
            }
        }

        var matrix = FeatureMatrix.SingleColumn(AnscombeCount, values, groups, grids.Count * services);
        return new WindowCountFeatures(matrix, selectedRows, [.. grids], windowRowOfRecord, counts, services);
    }

    private static (long First, long Last) TimeRange(ReadOnlySpan<long> ticks)
    {
        if (ticks.IsEmpty)
        {
            return (0, 0);
        }

        long first = long.MaxValue, last = long.MinValue;
        foreach (var t in ticks)
        {
            first = Math.Min(first, t);
            last = Math.Max(last, t);
        }

        return (first, last);
    }

    private readonly record struct Grid(long StartTicks, long WidthTicks, int Windows, int FirstRow);
}
