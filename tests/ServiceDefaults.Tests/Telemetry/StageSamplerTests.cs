using System.Runtime.CompilerServices;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.ServiceDefaults.Tests.Telemetry;

/// <summary>The process's memory is what these tests measure, so nothing else may allocate beside them.</summary>
[CollectionDefinition(nameof(ProcessMemoryMeasurement), DisableParallelization = true)]
public sealed class ProcessMemoryMeasurement
{
}

/// <summary>
/// A stage's peak is the peak while that stage ran, not the process's: a long-lived service that analysed a large run
/// must not report the large run's peak for every smaller one after it.
/// </summary>
[Collection(nameof(ProcessMemoryMeasurement))]
public sealed class StageSamplerTests
{
    private const int LargeBytes = 256 * 1024 * 1024;

    /// <summary>What the rest of the process (other tests' caches, the runtime) may free while a stage runs.</summary>
    private const long Slack = 32 * 1024 * 1024;

    [Fact]
    public void A_stage_after_a_larger_one_reports_its_own_peak_not_the_earlier_one()
    {
        var baseline = CollectEverything();
        var largeFigures = StageHoldingLargeArray();
        CollectEverything();

        using var small = StageSampler.Start();
        var smallFigures = small.Stop();

        Assert.True(largeFigures.PeakManagedHeapBytes >= baseline + LargeBytes - Slack, $"the large stage's heap peak is {largeFigures.PeakManagedHeapMb} MB over {Mb(baseline)} MB held before");
        Assert.True(largeFigures.PeakWorkingSetBytes >= LargeBytes, $"the large stage's working-set peak is {largeFigures.PeakWorkingSetMb} MB");
        Assert.True(smallFigures.PeakManagedHeapBytes < baseline + (LargeBytes / 2), $"the small stage's heap peak is {smallFigures.PeakManagedHeapMb} MB over {Mb(baseline)} MB held before");
        Assert.True(smallFigures.PeakWorkingSetBytes > 0);
    }

    [Fact]
    public async Task Memory_held_only_between_two_samples_of_a_running_stage_is_seen()
    {
        var baseline = CollectEverything();
        using var stage = StageSampler.Start();
        var before = stage.Read();

        // The sampler's timer, not the stage's end, must see it: the memory goes before the stage ends.
        await HoldLargeArrayUntilSampledAsync(stage, baseline + LargeBytes - Slack);
        CollectEverything();
        var figures = stage.Stop();

        Assert.True(before.PeakManagedHeapBytes < baseline + (LargeBytes / 2), $"the heap at the start is {before.PeakManagedHeapMb} MB over {Mb(baseline)} MB held before");
        Assert.True(figures.PeakManagedHeapBytes >= baseline + LargeBytes - Slack, $"the heap peak is {figures.PeakManagedHeapMb} MB over {Mb(baseline)} MB held before");
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) < baseline + (LargeBytes / 2), "the memory was still held at the stage's end");
    }

    [Fact]
    public void A_stopped_stage_keeps_its_figures()
    {
        var stage = StageSampler.Start();

        var stopped = stage.Stop();

        Assert.Equal(stopped, stage.Stop());
        Assert.Equal(stopped, stage.Read());
    }

    // The large array lives only in these frames: an unoptimised test method may keep a temporary reference to it alive
    // to its end, which would make the memory look held after the stage.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static StageFigures StageHoldingLargeArray()
    {
        var large = StageSampler.Start();
        var held = Touched(LargeBytes);
        var figures = large.Stop();
        GC.KeepAlive(held);
        return figures;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task HoldLargeArrayUntilSampledAsync(StageSampler stage, long seenAt)
    {
        var held = Touched(LargeBytes);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (stage.Read().PeakManagedHeapBytes < seenAt && DateTime.UtcNow < deadline)
        {
            await Task.Delay(StageSampler.Interval);
        }

        GC.KeepAlive(held);
    }

    /// <summary>
    /// Garbage of earlier tests counts in the managed heap until a collection: collects it all, and returns what the
    /// process still holds (other tests' caches share it), against which the figures are read.
    /// </summary>
    private static long CollectEverything()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    private static double Mb(long bytes) => Math.Round(bytes / 1048576.0, 1);

    /// <summary>An array the process really holds: every page written, so it counts in the working set too.</summary>
    private static byte[] Touched(int bytes)
    {
        var array = new byte[bytes];
        for (var i = 0; i < array.Length; i += 4096)
        {
            array[i] = 1;
        }

        return array;
    }
}
