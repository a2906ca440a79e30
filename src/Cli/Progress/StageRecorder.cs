using System.Diagnostics;
using System.Globalization;
using AnomalyPlatform.ServiceDefaults.Progress;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Progress;

/// <summary>Wall time and peak memory of one pipeline stage.</summary>
/// <param name="BusySeconds">Time the stage worked (<see cref="IStageProgress.Worked"/>); its wall time when it reported none.</param>
internal sealed record StageMeasurement(string Stage, double WallSeconds, double BusySeconds, long PeakWorkingSetBytes, long PeakManagedHeapBytes, long? Items);

/// <summary>
/// The embedded CLI's <see cref="IStageProgress"/>: prints each stage's start, every tenth of its work, its warnings
/// (in yellow) and its end, and measures its wall time and the peak memory seen while it ran (a
/// <see cref="StageSampler"/> per stage, as the services measure theirs; stages overlap when records stream through the
/// bus).
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
        public StageSampler Memory { get; } = StageSampler.Start();
        public TimeSpan? Worked;
    }

    private readonly IAnsiConsole _console;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, StageState> _stages = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];
    private readonly StageSampler _run = StageSampler.Start();

    public StageRecorder(IAnsiConsole console) => _console = console;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>The highest working set of the process over its whole life (the kernel's high-water mark): one run is all it does.</summary>
    public long PeakWorkingSetBytes
    {
        get
        {
            using var process = Process.GetCurrentProcess();
            return Math.Max(process.PeakWorkingSet64, _run.Read().PeakWorkingSetBytes);
        }
    }

    public long PeakManagedHeapBytes => _run.Read().PeakManagedHeapBytes;

    public void Start(string stage, long? total)
    {
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
        lock (_gate)
        {
            if (!_stages.TryGetValue(stage, out var state) || state.Ended is not null)
            {
                return;
            }

            state.Memory.Stop();
            state.Ended = _clock.Elapsed;
            Print($"[bold]{stage}[/] [green]done[/] in {Seconds(state.Ended.Value - state.Started)}");
        }
    }

    public void Warn(string stage, string message)
    {
        lock (_gate)
        {
            Print($"[bold]{stage}[/] [yellow]warning:[/] {Markup.Escape(message)}");
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
                var memory = state.Memory.Read();
                return new StageMeasurement(
                    name, wall.TotalSeconds, (state.Worked ?? wall).TotalSeconds, memory.PeakWorkingSetBytes, memory.PeakManagedHeapBytes,
                    state.Total ?? (state.Done > 0 ? state.Done : null));
            }).ToList();
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var state in _stages.Values)
            {
                state.Memory.Dispose();
            }
        }

        _run.Dispose();
    }

    private void Print(string markup) => _console.MarkupLine($"[grey]{Seconds(_clock.Elapsed),8}[/]  {markup}");

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";
}
