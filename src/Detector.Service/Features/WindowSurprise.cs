using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Features;

/// <summary>
/// An exact Poisson test of "too many of these records at this service in this window" for a selected set of records
/// (ERROR logs, events, failed spans). Counts are taken per service on several grids — widths of ⅓, 1 and 5 base
/// windows, each at two offsets half a window apart, so a burst is whole in at least one window however it falls —
/// and each count k is judged against its expectation λ by the surprise −log₁₀ P(X ≥ k | λ).
/// </summary>
/// <remarks>
/// λ comes from the service's own rate. With an exposure (the service's other records of the kind, e.g. non-ERROR
/// logs, a proxy for its traffic), λ = r·exposure: an ERROR share r of the traffic, so a busy hour is not mistaken
/// for a burst. Without one, and for a service with no record of the exposure (every log line it wrote is an ERROR
/// line, as where only the exceptions on its spans stand for its log), the rate is per unit time: with no record to
/// take a share of, the expectation would be none, and any two ERROR lines a burst. Rates leave out the windows
/// significant at p &lt; 10⁻³ at that same rate (see <see cref="EstimateRates"/>), so that the bursts being looked for
/// do not inflate their own baseline, however large a share of a short run they are.
/// A record also gets the largest surprise of its service's callees (from the trace edges) in a window of the same
/// grid where its own service is at least mildly elevated too (surprise ≥ the propagation level): a caller that logs
/// more errors than usual while its dependency bursts is the propagated symptom of that burst, while its routine
/// errors that happen to fall in the same window are not. A caller's window holding only the record itself is no burst
/// there (<see cref="MinBurst"/>): it counts only when the line names the callee (<see cref="ServiceMention"/>), as a
/// failed call's error names the host it called. A record whose own request shows its calls to that callee
/// succeeding (<see cref="CallOutcomes"/>) does not take the callee's surprise: its failure had another cause.
/// ERROR lines that belong to a request are counted as failed requests, once per request, at the service where the
/// request's failure began (its failed calls followed down to the last): a routine failure logged at every hop on its
/// way up is one event, not a burst at each caller, and a caller's line in such a request takes the surprise of that
/// service.
/// </remarks>
internal sealed class WindowSurprise
{
    private static readonly double[] WidthFactors = [1.0 / 3.0, 1.0, 5.0];
    private const double TrimSurprise = 3.0;

    /// <summary>Half an event of prior keeps a service that never had one from expecting exactly zero.</summary>
    private const double PriorEvents = 0.5;

    /// <summary>
    /// Surprise (p ≤ 0.01) a record's own narrow window needs before a wide window's count speaks for it: in a quiet
    /// window a single routine line already reaches p ≈ 0.05, so a lower level would let it ride a nearby burst.
    /// </summary>
    private const double LocalSurprise = 2.0;

    /// <summary>
    /// A window speaks for its own records only when it holds at least two: one line in a very quiet window is
    /// improbable (p ≈ λ) but is no burst. Single records still count as their service being elevated when a callee
    /// bursts (see <see cref="FromCallees"/>).
    /// </summary>
    private const int MinBurst = 2;

    private readonly Grid[] _grids;
    private readonly int[] _counts;
    private readonly double[] _expected;
    private readonly double[] _surprise;

    private WindowSurprise(Grid[] grids, int[] counts, double[] expected, double[] surprise, int[] selected,
        double[] own, int[] ownCell, double[] fromCallees, int[] calleeCell, bool[] viaRequest, int testedCells)
    {
        _grids = grids;
        _counts = counts;
        _expected = expected;
        _surprise = surprise;
        SelectedRows = selected;
        Own = own;
        OwnCell = ownCell;
        FromCallees = fromCallees;
        CalleeCell = calleeCell;
        ViaRequest = viaRequest;
        TestedCells = testedCells;
    }

    /// <summary>The selected records (rows of the telemetry columns), ascending.</summary>
    public int[] SelectedRows { get; }

    /// <summary>
    /// Per selected record: the largest surprise of a window that holds it at its own service — over the narrow grids
    /// (at most the base width), and over the wide grid only when a narrow window around it is itself elevated.
    /// </summary>
    public double[] Own { get; }

    /// <summary>Per selected record: the window cell that gave <see cref="Own"/>.</summary>
    public int[] OwnCell { get; }

    /// <summary>
    /// Per selected record: the largest surprise at one of its service's callees, over the windows holding its time in
    /// which its own service's surprise reaches the propagation level, or, for a line whose request failed at another
    /// service (<see cref="ViaRequest"/>), that service's largest surprise over the narrow windows holding its time; 0
    /// when there is none.
    /// </summary>
    public double[] FromCallees { get; }

    /// <summary>Per selected record: the callee cell that gave <see cref="FromCallees"/> (-1 when none).</summary>
    public int[] CalleeCell { get; }

    /// <summary>
    /// Per selected record: true for a log line whose request failed at another service (<see cref="CallOutcomes.OriginOf"/>);
    /// its <see cref="FromCallees"/> is then that service's surprise, and it counts there, not at its own service.
    /// </summary>
    public bool[] ViaRequest { get; }

    /// <summary>Window cells holding at least two selected records (a possible burst): the number of tests the threshold must cover.</summary>
    public int TestedCells { get; }

    /// <summary>
    /// The surprise a window needs under the Benjamini–Hochberg procedure at false-discovery rate q: with m tested
    /// windows sorted by surprise, the largest k whose k-th surprise reaches log₁₀(m / (q·k)) sets the threshold
    /// log₁₀(m / (q·k)); with no such k, the Bonferroni level log₁₀(m / q). FDR rather than family-wise control
    /// because what a user feels is precision — the share of flagged windows that are false — and because Bonferroni's
    /// guard against a single false window grows with the run and drowns moderate, spread-out bursts.
    /// (BH holds for the positively dependent tests of overlapping windows; Benjamini and Yekutieli, 2001.)
    /// </summary>
    public double FalseDiscoveryThreshold(double q) => FalseDiscoveryThreshold(q, 0);

    /// <summary>
    /// <see cref="FalseDiscoveryThreshold(double)"/>, but never below <paramref name="minimumSurprise"/>: BH's
    /// threshold falls as discoveries grow, and the overlapping grids count every burst several times, so in a run
    /// made mostly of bursts it would call any pair of routine lines significant.
    /// </summary>
    public double FalseDiscoveryThreshold(double q, double minimumSurprise)
    {
        var m = Math.Max(1, TestedCells);
        var bonferroni = Math.Log10(m / q);
        var tested = new List<double>(m);
        for (var cell = 0; cell < _counts.Length; cell++)
        {
            if (_counts[cell] >= MinBurst)
            {
                tested.Add(_surprise[cell]);
            }
        }

        tested.Sort();
        tested.Reverse();
        var threshold = bonferroni;
        for (var k = 1; k <= tested.Count; k++)
        {
            var level = Math.Log10(m / (q * k));
            if (tested[k - 1] >= level)
            {
                threshold = level;
            }
        }

        return Math.Max(threshold, minimumSurprise);
    }

    public int CountAt(int cell) => _counts[cell];

    public double ExpectedAt(int cell) => _expected[cell];

    public double SurpriseAt(int cell) => _surprise[cell];

    public int ServiceAt(int cell) => GridOf(cell).ServiceAt(cell);

    public (DateTime Start, TimeSpan Width) WindowAt(int cell)
    {
        var grid = GridOf(cell);
        var window = grid.WindowAt(cell);
        return (new DateTime(grid.StartTicks + window * grid.WidthTicks, DateTimeKind.Utc), TimeSpan.FromTicks(grid.WidthTicks));
    }

    /// <param name="selected">Rows to count, ascending.</param>
    /// <param name="exposure">Whether a row (not selected) is exposure of its service; null for a rate per unit time.</param>
    /// <param name="propagationSurprise">The own-window surprise needed to inherit a callee's surprise in that window.</param>
    public static WindowSurprise Build(
        TelemetryColumns columns, TraceLinks links, int[] selected, Func<int, bool>? exposure, TimeSpan baseWidth, double propagationSurprise)
    {
        var services = Math.Max(1, columns.Services.Count);
        var ticks = columns.Ticks;
        var (first, last) = TickRange.Of(ticks);
        var exposed = new List<int>();
        if (exposure is not null)
        {
            for (var row = 0; row < columns.Count; row++)
            {
                if (exposure(row))
                {
                    exposed.Add(row);
                }
            }
        }

        var calls = CallOutcomes.Of(columns, links, selected);
        var origin = new int[selected.Length];
        for (var k = 0; k < selected.Length; k++)
        {
            origin[k] = calls.OriginOf(selected[k]);
        }

        (int Service, long Ticks)[]? landing = null;
        var landingCount = selected.Length + exposed.Count;
        var grids = new List<Grid>();
        var cells = 0;
        foreach (var factor in WidthFactors)
        {
            var width = (long)(baseWidth.Ticks * factor);
            foreach (var offset in (ReadOnlySpan<long>)[0, width / 2])
            {
                var windows = (last - first + offset) / width + 1;
                var grid = (double)services * windows <= landingCount
                    ? Grid.Whole(services, first - offset, width, windows, cells)
                    : Grid.Occupied(services, landing ??= Landing(columns, selected, origin, exposed), first - offset, width, windows, cells);
                grids.Add(grid);
                // Checked: an input too large for one array of cells says so rather than wrapping round.
                cells = checked(cells + grid.CellCount);
            }
        }

        var counts = new int[cells];
        var exposures = exposure is null ? null : new double[cells];
        var countedRequests = new HashSet<(int Trace, int Service)>();
        var traceIds = columns.TraceIdIds;
        for (var k = 0; k < selected.Length; k++)
        {
            var row = selected[k];
            var service = origin[k] >= 0 ? origin[k] : columns.ServiceIds[row];
            // One failed request is one event, counted where it began, however many lines it left on its way up.
            if (columns.Kinds[row] == (byte)TelemetryKind.Log && traceIds[row] != StringTable.Missing && !countedRequests.Add((traceIds[row], service)))
            {
                continue;
            }

            foreach (var grid in grids)
            {
                counts[grid.Cell(service, ticks[row])]++;
            }
        }

        // A service with no exposure anywhere gives no share of traffic to judge by: its rate is per unit time.
        var timed = new bool[services];
        Array.Fill(timed, true);
        foreach (var row in exposed)
        {
            timed[columns.ServiceIds[row]] = false;
            foreach (var grid in grids)
            {
                exposures![grid.Cell(columns.ServiceIds[row], ticks[row])]++;
            }
        }

        var rates = EstimateRates(grids, first, services, counts, exposures, timed);
        var expected = new double[cells];
        var surprise = new double[cells];
        var tested = 0;
        foreach (var grid in grids)
        {
            for (var s = 0; s < services; s++)
            {
                // Windows where nothing lands hold no exposure: they count in the mean, not in the sum.
                var meanExposure = 0.0;
                var firstCell = grid.FirstCellOf(s);
                var serviceCells = grid.CellsOf(s);
                if (!timed[s])
                {
                    for (var w = 0; w < serviceCells; w++)
                    {
                        meanExposure += exposures![firstCell + w];
                    }

                    meanExposure /= grid.Windows;
                }

                for (var w = 0; w < serviceCells; w++)
                {
                    var cell = firstCell + w;
                    // A quiet window still expects a quarter of the service's mean traffic: an ERROR with no traffic
                    // logged around it is unusual, not impossible.
                    expected[cell] = timed[s]
                        ? rates[s] * grid.WidthTicks
                        : rates[s] * Math.Max(exposures![cell], 0.25 * meanExposure);
                    if (counts[cell] > 0)
                    {
                        surprise[cell] = PoissonTail.Surprise(counts[cell], expected[cell]);
                    }

                    if (counts[cell] >= MinBurst)
                    {
                        tested++;
                    }
                }
            }
        }

        var own = new double[selected.Length];
        var ownCell = new int[selected.Length];
        var fromCallees = new double[selected.Length];
        var calleeCell = new int[selected.Length];
        var viaRequest = new bool[selected.Length];
        for (var k = 0; k < selected.Length; k++)
        {
            var row = selected[k];
            var service = columns.ServiceIds[row];
            own[k] = -1;
            calleeCell[k] = -1;
            if (origin[k] >= 0)
            {
                // The request's failure began at another service: the line is that service's symptom, and its window's
                // surprise is the line's (the trace links them, so the caller need not be elevated itself), as a line
                // logged there at this time would have it: its narrow windows, or its wide one where those are elevated.
                viaRequest[k] = true;
                var (atOrigin, originCell) = OwnSurprise(grids, baseWidth, counts, surprise, origin[k], ticks[row]);
                if (atOrigin > 0)
                {
                    (fromCallees[k], calleeCell[k]) = (atOrigin, originCell);
                }

                continue;
            }

            (own[k], ownCell[k]) = OwnSurprise(grids, baseWidth, counts, surprise, service, ticks[row]);
            foreach (var grid in grids)
            {
                var cell = grid.Cell(service, ticks[row]);
                // Symptoms reach callers within seconds: only the narrow grids pair a caller with its callee.
                if (grid.WidthTicks > baseWidth.Ticks || surprise[cell] < propagationSurprise)
                {
                    continue;
                }

                // One line is no burst at its own service, as it is no burst at the callee (MinBurst): alone, it is the
                // callee's symptom only if it says so by naming the callee.
                var alone = counts[cell] < MinBurst;
                foreach (var callee in links.CalleesOf(service))
                {
                    if (calls.Contradicts(row, callee)
                        || (alone && !ServiceMention.Names(columns.ErrorMessageAt(row), columns.Services[callee])))
                    {
                        continue;
                    }

                    // A callee with nothing counted or exposed in the window has no cell there: no burst.
                    var calleeAt = grid.CellOrNone(callee, ticks[row]);
                    if (calleeAt >= 0 && counts[calleeAt] >= MinBurst && surprise[calleeAt] > fromCallees[k])
                    {
                        fromCallees[k] = surprise[calleeAt];
                        calleeCell[k] = calleeAt;
                    }
                }
            }
        }

        return new WindowSurprise([.. grids], counts, expected, surprise, selected, own, ownCell, fromCallees, calleeCell, viaRequest, tested);
    }

    /// <summary>
    /// The largest surprise of a window holding <paramref name="ticks"/> at <paramref name="service"/> that holds a
    /// burst (<see cref="MinBurst"/>), and its cell: over the narrow grids (at most <paramref name="baseWidth"/>), and
    /// the wide grid's only where a narrow one is itself elevated; (-1, -1) when none.
    /// </summary>
    private static (double Surprise, int Cell) OwnSurprise(List<Grid> grids, TimeSpan baseWidth, int[] counts, double[] surprise, int service, long ticks)
    {
        var (own, ownCell, local, wide, wideCell) = (-1.0, -1, 0.0, -1.0, -1);
        foreach (var grid in grids)
        {
            // The service a request failed at may have logged nothing in this window (its line fell in the one before).
            var cell = grid.CellOrNone(service, ticks);
            if (cell < 0 || counts[cell] < MinBurst)
            {
                continue;
            }

            if (grid.WidthTicks > baseWidth.Ticks)
            {
                if (surprise[cell] > wide)
                {
                    (wide, wideCell) = (surprise[cell], cell);
                }
            }
            else
            {
                local = Math.Max(local, surprise[cell]);
                if (surprise[cell] > own)
                {
                    (own, ownCell) = (surprise[cell], cell);
                }
            }
        }

        // A wide window's count only speaks for the records in a locally dense part of it: a routine ERROR four
        // minutes from a burst shares the burst's five-minute window but not its narrow ones.
        return local >= LocalSurprise && wide > own ? (wide, wideCell) : (own, ownCell);
    }

    /// <summary>
    /// Per service: the least rate (events per unit of exposure, or per tick) that is self-consistent on every window
    /// width — on each, the rate of the windows not significant at that very rate, found by raising it from the prior
    /// alone (no events at all) until the windows it leaves untrimmed give it back.
    /// </summary>
    /// <remarks>
    /// The rate used to be the mean trimmed twice from above, which only works while the bursts are a small share of
    /// what the mean is made of. In a short run they are not (10,000 records are 18 minutes: a few bursts that land on
    /// one service outnumber its routine errors ten to one, and one incident's events can fill a third of the run), so
    /// against the mean a burst looks ordinary, nothing is trimmed and the burst hides in its own baseline. Raised from
    /// below, the rate stops under the bursts; each pass keeps at least the windows of the one before (a window's
    /// surprise falls as the rate rises), so the passes end when the kept windows stop changing. A single record is
    /// never trimmed (<see cref="MinBurst"/>): in a long run the prior's rate is so low that one record would look
    /// significant and the rate would never rise. Each width sees the bursts of its own scale — a ten-second burst is
    /// diluted in a five-minute window, a five-minute flood spread thin over twenty-second ones — so the rate is
    /// estimated on one grid of each width and the least is kept. Over a long run, where bursts are a small share of
    /// every service's records, this lands close to the trimmed mean.
    /// </remarks>
    private static double[] EstimateRates(List<Grid> grids, long first, int services, int[] counts, double[]? exposures, bool[] timed)
    {
        var rates = new double[services];
        Array.Fill(rates, double.PositiveInfinity);
        foreach (var grid in grids)
        {
            // The grids offset by half a window see the same records at the same width: one grid per width suffices.
            if (grid.StartTicks != first)
            {
                continue;
            }

            for (var s = 0; s < services; s++)
            {
                rates[s] = Math.Min(rates[s], LeastConsistentRate(grid, s, counts, timed[s] ? null : exposures));
            }
        }

        return rates;
    }

    private static double LeastConsistentRate(Grid grid, int service, int[] counts, double[]? exposures)
    {
        var windowTicks = (double)grid.WidthTicks;
        var withCells = grid.CellsOf(service);
        var firstCell = grid.FirstCellOf(service);
        // A window without cells has no events and no exposure; in time it is a window's length, and never trimmed.
        var quietTime = exposures is null ? (grid.Windows - withCells) * windowTicks : 0.0;
        var total = quietTime;
        for (var w = 0; w < withCells; w++)
        {
            total += exposures?[firstCell + w] ?? windowTicks;
        }

        var rate = PriorEvents / Math.Max(total, 1.0);
        var kept = -1;
        for (var pass = 0; pass <= withCells; pass++)
        {
            double events = 0, exposure = quietTime;
            var keptNow = 0;
            for (var w = 0; w < withCells; w++)
            {
                var count = counts[firstCell + w];
                var cellExposure = exposures?[firstCell + w] ?? windowTicks;
                if (count < MinBurst || PoissonTail.Surprise(count, rate * Math.Max(cellExposure, 1.0)) < TrimSurprise)
                {
                    events += count;
                    exposure += cellExposure;
                    keptNow++;
                }
            }

            rate = (events + PriorEvents) / Math.Max(exposure, 1.0);
            if (keptNow == kept)
            {
                break;
            }

            kept = keptNow;
        }

        return rate;
    }

    private Grid GridOf(int cell)
    {
        foreach (var grid in _grids)
        {
            if (cell < grid.FirstCell + grid.CellCount)
            {
                return grid;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(cell), cell, "No window has this cell.");
    }

    /// <summary>Every row that is counted or is exposure, with the service it counts at and its time: where the windows hold something.</summary>
    private static (int Service, long Ticks)[] Landing(TelemetryColumns columns, int[] selected, int[] origin, List<int> exposed)
    {
        var landing = new (int, long)[selected.Length + exposed.Count];
        var ticks = columns.Ticks;
        var k = 0;
        for (var i = 0; i < selected.Length; i++)
        {
            var row = selected[i];
            landing[k++] = (origin[i] >= 0 ? origin[i] : columns.ServiceIds[row], ticks[row]);
        }

        foreach (var row in exposed)
        {
            landing[k++] = (columns.ServiceIds[row], ticks[row]);
        }

        return landing;
    }

    /// <summary>
    /// One grid of windows over the run, with cells per service: every window of every service while the run has no more
    /// such cells than counted and exposure rows, else, per service, only the windows where a row counted or exposed at
    /// that service falls (a few records over a long time, or many services each busy now and then), so memory grows
    /// with the records and not with the services times the time they span. A window without a cell has nothing counted
    /// and no exposure.
    /// </summary>
    private sealed class Grid
    {
        /// <summary>Per service, the offset of its first cell from <see cref="FirstCell"/>; one more entry, the grid's cell count.</summary>
        private readonly int[] _firstOf;

        /// <summary>Per cell, its window (by index from the start), ascending within each service; null when every service has every window.</summary>
        private readonly long[]? _windows;

        private Grid(long startTicks, long widthTicks, long windows, int[] firstOf, long[]? cellWindows, int firstCell)
        {
            StartTicks = startTicks;
            WidthTicks = widthTicks;
            Windows = windows;
            _firstOf = firstOf;
            _windows = cellWindows;
            FirstCell = firstCell;
        }

        public long StartTicks { get; }

        public long WidthTicks { get; }

        /// <summary>The windows covering the run, with cells or not.</summary>
        public long Windows { get; }

        public int FirstCell { get; }

        public int CellCount => _firstOf[^1];

        /// <summary>The first of a service's cells, which are consecutive, in window order.</summary>
        public int FirstCellOf(int service) => FirstCell + _firstOf[service];

        /// <summary>How many windows have a cell of the service.</summary>
        public int CellsOf(int service) => _firstOf[service + 1] - _firstOf[service];

        public static Grid Whole(int services, long start, long width, long windows, int firstCell)
        {
            var firstOf = new int[services + 1];
            for (var s = 1; s <= services; s++)
            {
                firstOf[s] = checked(firstOf[s - 1] + (int)windows);
            }

            return new Grid(start, width, windows, firstOf, null, firstCell);
        }

        /// <param name="landing">Each counted or exposure row's service and time, in any order.</param>
        public static Grid Occupied(int services, (int Service, long Ticks)[] landing, long start, long width, long windows, int firstCell)
        {
            // Rows by service (a counting sort keeps each service's rows in input order, which is time order when the
            // input is), then each service's windows ascending and once each.
            var begin = new int[services + 1];
            foreach (var (service, _) in landing)
            {
                begin[service + 1]++;
            }

            for (var s = 1; s <= services; s++)
            {
                begin[s] += begin[s - 1];
            }

            var placed = new long[landing.Length];
            var next = begin[..services];
            foreach (var (service, ticks) in landing)
            {
                placed[next[service]++] = (ticks - start) / width;
            }

            var firstOf = new int[services + 1];
            var kept = 0;
            for (var s = 0; s < services; s++)
            {
                var own = placed.AsSpan(begin[s], begin[s + 1] - begin[s]);
                if (!IsAscending(own))
                {
                    own.Sort();
                }

                // Compacted in place: a service's distinct windows never outnumber the rows before its end.
                firstOf[s] = kept;
                for (var i = 0; i < own.Length; i++)
                {
                    if (i == 0 || own[i] != own[i - 1])
                    {
                        placed[kept++] = own[i];
                    }
                }
            }

            firstOf[services] = kept;
            return new Grid(start, width, windows, firstOf, placed[..kept], firstCell);
        }

        private static bool IsAscending(ReadOnlySpan<long> values)
        {
            for (var i = 1; i < values.Length; i++)
            {
                if (values[i] < values[i - 1])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The window (by index from the start) of a cell of this grid.</summary>
        public long WindowAt(int cell)
        {
            var offset = cell - FirstCell;
            return _windows?[offset] ?? offset - _firstOf[ServiceAt(cell)];
        }

        /// <summary>The service of a cell of this grid.</summary>
        public int ServiceAt(int cell)
        {
            // The last service whose first cell is at or before the cell (services without cells share an offset).
            var offset = cell - FirstCell;
            var place = Array.BinarySearch(_firstOf, offset);
            if (place < 0)
            {
                return ~place - 1;
            }

            while (place + 1 < _firstOf.Length - 1 && _firstOf[place + 1] == offset)
            {
                place++;
            }

            return place;
        }

        /// <summary>The cell of a service at a time where a row counted or exposed at that service falls.</summary>
        public int Cell(int service, long ticks) =>
            CellOrNone(service, ticks) is var cell and >= 0
                ? cell
                : throw new InvalidOperationException("Nothing counted or exposed at this service falls in this window: it has no cell.");

        /// <summary>The cell of a service at a time; -1 when nothing counted or exposed at the service falls in that window.</summary>
        public int CellOrNone(int service, long ticks)
        {
            var window = (ticks - StartTicks) / WidthTicks;
            if (_windows is null)
            {
                return FirstCell + _firstOf[service] + (int)window;
            }

            var place = Array.BinarySearch(_windows, _firstOf[service], _firstOf[service + 1] - _firstOf[service], window);
            return place < 0 ? -1 : FirstCell + place;
        }
    }
}
