using System.Diagnostics;

namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>
/// Wall time and peak memory of one stage of one run in this process, for <c>performance.json</c>: the working set and
/// the managed heap are sampled every <see cref="Interval"/> from <see cref="Start"/> to <see cref="Stop"/>, and at
/// both ends. The process's own high-water mark (<c>Process.PeakWorkingSet64</c>) is its whole life's, so in a
/// long-lived service it would give every later run the peak of the largest one before. A peak is the process's while
/// the stage ran: a service working on two runs at once counts the memory of both. Thread-safe; any number may run at
/// once, each with its own timer (no state shared between runs).
/// </summary>
public sealed class StageSampler : IDisposable
{
    /// <summary>How often a running stage's memory is read; the command line's stages have been sampled so from the start.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly Lock _gate = new();
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly Timer _timer;
    private long _peakWorkingSet;
    private long _peakManagedHeap;
    private StageFigures? _stopped;

    private StageSampler()
    {
        Sample();
        _timer = new Timer(static state => ((StageSampler)state!).Sample(), this, Interval, Interval);
    }

    /// <summary>Starts measuring a stage now.</summary>
    public static StageSampler Start() => new();

    /// <summary>What was measured so far (the final figures once stopped); the stage goes on.</summary>
    public StageFigures Read()
    {
        lock (_gate)
        {
            return _stopped ?? Figures();
        }
    }

    /// <summary>Ends the stage: one last sample, and the figures from start to now. Stopping again gives the same figures.</summary>
    public StageFigures Stop()
    {
        lock (_gate)
        {
            if (_stopped is { } stopped)
            {
                return stopped;
            }

            _timer.Dispose();
            Sample();
            _stopped = Figures();
            return _stopped.Value;
        }
    }

    public void Dispose() => Stop();

    private StageFigures Figures() => new(Stopwatch.GetElapsedTime(_startedAt), _peakWorkingSet, _peakManagedHeap);

    private void Sample()
    {
        // Read outside the lock (a heap reading is not free); the timer's callbacks may overlap, the lock orders them.
        var (workingSet, managedHeap) = (Environment.WorkingSet, GC.GetTotalMemory(forceFullCollection: false));
        lock (_gate)
        {
            _peakWorkingSet = Math.Max(_peakWorkingSet, workingSet);
            _peakManagedHeap = Math.Max(_peakManagedHeap, managedHeap);
        }
    }
}

/// <summary>What a <see cref="StageSampler"/> measured: wall time, and the highest working set and managed heap it saw.</summary>
public readonly record struct StageFigures(TimeSpan Wall, long PeakWorkingSetBytes, long PeakManagedHeapBytes)
{
    public double WallSeconds => Math.Round(Wall.TotalSeconds, 3);

    public double PeakWorkingSetMb => ProcessMemory.Mb(PeakWorkingSetBytes);

    public double PeakManagedHeapMb => ProcessMemory.Mb(PeakManagedHeapBytes);
}
