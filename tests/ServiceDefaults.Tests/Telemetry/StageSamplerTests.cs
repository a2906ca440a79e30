using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.ServiceDefaults.Tests.Telemetry;

/// <summary>
/// A stage's peak is the peak while that stage ran, not the process's: a long-lived service that analysed a large run
/// must not report the large run's peak for every smaller one after it.
/// </summary>
public sealed class StageSamplerTests
{
    private const int LargeBytes = 256 * 1024 * 1024;

    [Fact]
    public void A_stage_after_a_larger_one_reports_its_own_peak_not_the_earlier_one()
    {
        var large = StageSampler.Start();
        var held = Touched(LargeBytes);
        var largeFigures = large.Stop();
        GC.KeepAlive(held);
        held = null;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);

        using var small = StageSampler.Start();
        var smallFigures = small.Stop();

        Assert.True(largeFigures.PeakManagedHeapBytes >= LargeBytes, $"the large stage's heap peak is {largeFigures.PeakManagedHeapMb} MB");
        Assert.True(largeFigures.PeakWorkingSetBytes >= LargeBytes, $"the large stage's working-set peak is {largeFigures.PeakWorkingSetMb} MB");
        Assert.True(smallFigures.PeakManagedHeapBytes < LargeBytes / 2, $"the small stage's heap peak is {smallFigures.PeakManagedHeapMb} MB");
        Assert.True(smallFigures.PeakWorkingSetBytes > 0);
    }

    [Fact]
    public async Task Memory_held_only_between_two_samples_of_a_running_stage_is_seen()
    {
        using var stage = StageSampler.Start();
        var before = stage.Read();

        var held = Touched(LargeBytes);
        // The sampler's timer, not the stage's end, must see it: the memory goes before the stage ends.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (stage.Read().PeakManagedHeapBytes < LargeBytes && DateTime.UtcNow < deadline)
        {
            await Task.Delay(StageSampler.Interval);
        }

        GC.KeepAlive(held);
        held = null;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var figures = stage.Stop();

        Assert.True(before.PeakManagedHeapBytes < LargeBytes);
        Assert.True(figures.PeakManagedHeapBytes >= LargeBytes, $"the heap peak is {figures.PeakManagedHeapMb} MB");
        Assert.True(GC.GetTotalMemory(forceFullCollection: false) < LargeBytes, "the memory was still held at the stage's end");
    }

    [Fact]
    public void A_stopped_stage_keeps_its_figures()
    {
        var stage = StageSampler.Start();

        var stopped = stage.Stop();

        Assert.Equal(stopped, stage.Stop());
        Assert.Equal(stopped, stage.Read());
    }

    /// <summary>An array the process really holds: every page written, so it counts in the working set too.</summary>
    private static byte[]? Touched(int bytes)
    {
        var array = new byte[bytes];
        for (var i = 0; i < array.Length; i += 4096)
        {
            array[i] = 1;
        }

        return array;
    }
}
