using System.Diagnostics;
using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Progress;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Progress;

/// <summary>Wall time and peak memory of one pipeline stage.</summary>
/// <param name="BusySeconds">Time the stage worked (<see cref="IStageProgress.Worked"/>); its wall time when it reported none.</param>
internal sealed record StageMeasurement(string Stage, double WallSeconds, double BusySeconds, long PeakWorkingSetBytes, long PeakManagedHeapBytes, long? Items);

/// <summary>
/// The embedded CLI's <see cref="IStageProgress"/>: prints each stage's start, every tenth of its work and its end, and
/// measures its wall time and the peak memory seen while it ran (stages overlap when records stream through the bus).
/// </summary>
internal sealed class StageRecorder : IStageProgress, IDisposable
{
    private sealed class StageState(long? total, TimeSpan started)
    {
        public long? Total { get; } = total;
        public TimeSpan Started { get; } = started;
        public TimeSpan? Ended { get; set; }
        public long Done;
        public int LastDecile;
        public long PeakWorkingSet;
        public long PeakManagedHeap;
        public TimeSpan? Worked;
    }

    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(20);

    private readonly IAnsiConsole _console;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StageState> _stages = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly Timer _sampler;
    private long _peakWorkingSet;
    private long _peakManagedHeap;

    public StageRecorder(IAnsiConsole console)
    {
        _console = console;
        _sampler = new Timer(_ => Sample(), null, TimeSpan.Zero, SampleInterval);
    }

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The highest working set of the process over its whole life (the kernel's high-water mark).</summary>
    public long PeakWorkingSetBytes
    {
        get
        {
            using var process = Process.GetCurrentProcess();
            return Math.Max(process.PeakWorkingSet64, Interlocked.Read(ref _peakWorkingSet));
        }
    }

    public long PeakManagedHeapBytes => Interlocked.Read(ref _peakManagedHeap);

    public void Start(string stage, long? total)
    {
        Sample();
        lock (_gate)
        {
            if (_stages.ContainsKey(stage))
            {
                return;
            }

            _stages[stage] = new StageState(total, _clock.Elapsed);
            _order.Add(stage);
            Print($"[bold]{stage}[/] started" + (total is { } t ? $" ({t.ToString("N0", CultureInfo.InvariantCulture)} to do)" : ""));
        }
    }

    public void Advance(string stage, long amount)
    {
        lock (_gate)
        {
            if (!_stages.TryGetValue(stage, out var state))
            {
                return;
            }

            state.Done += amount;
            if (state.Total is not > 0)
            {
                return;
            }

            var decile = (int)Math.Min(10, state.Done * 10 / state.Total.Value);
            if (decile > state.LastDecile && decile < 10)
            {
                state.LastDecile = decile;
                Print($"[bold]{stage}[/] {decile * 10,3}%  {state.Done.ToString("N0", CultureInfo.InvariantCulture)}/{state.Total.Value.ToString("N0", CultureInfo.InvariantCulture)}  {Seconds(_clock.Elapsed - state.Started)}");
            }
        }
    }

    public void Complete(string stage)
    {
        Sample();
        lock (_gate)
        {
            if (!_stages.TryGetValue(stage, out var state) || state.Ended is not null)
            {
                return;
            }

            state.Ended = _clock.Elapsed;
            Print($"[bold]{stage}[/] [green]done[/] in {Seconds(state.Ended.Value - state.Started)}");
        }
    }

    public void Worked(string stage, TimeSpan time)
    {
        lock (_gate)
        {
            if (_stages.TryGetValue(stage, out var state))
            {
                state.Worked = (state.Worked ?? TimeSpan.Zero) + time;
            }
        }
    }

    /// <summary>The stages in the order they started, with what was measured.</summary>
    public IReadOnlyList<StageMeasurement> Measurements()
    {
        lock (_gate)
        {
            return _order.Select(name =>
            {
                var state = _stages[name];
                var wall = (state.Ended ?? _clock.Elapsed) - state.Started;
                return new StageMeasurement(
                    name, wall.TotalSeconds, (state.Worked ?? wall).TotalSeconds, state.PeakWorkingSet, state.PeakManagedHeap, state.Total ?? (state.Done > 0 ? state.Done : null));
            }).ToList();
        }
    }

    public void Dispose() => _sampler.Dispose();

    private void Sample()
    {
        var workingSet = Environment.WorkingSet;
        var managedHeap = GC.GetTotalMemory(forceFullCollection: false);
        InterlockedMax(ref _peakWorkingSet, workingSet);
        InterlockedMax(ref _peakManagedHeap, managedHeap);
        lock (_gate)
        {
            foreach (var state in _stages.Values)
            {
                if (state.Ended is null)
                {
                    state.PeakWorkingSet = Math.Max(state.PeakWorkingSet, workingSet);
                    state.PeakManagedHeap = Math.Max(state.PeakManagedHeap, managedHeap);
                }
            }
        }
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Interlocked.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }

    private void Print(string markup) => _console.MarkupLine($"[grey]{Seconds(_clock.Elapsed),8}[/]  {markup}");

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
