namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>The shape of <c>performance.json</c>: wall time and peak memory of the run and of each stage.</summary>
/// <param name="PeakWorkingSetMb">The highest working set of the run: of its one process on the command line, the highest of the stages' in the services.</param>
/// <param name="PeakManagedHeapMb">Likewise for the managed heap; null (left out, n/a) where no stage measured it.</param>
public sealed record PerformanceReport(
    long Records,
    double WallSeconds,
    double? PeakWorkingSetMb,
    double? PeakManagedHeapMb,
    IReadOnlyDictionary<string, StageReport> Stages,
    EnvironmentReport Environment);

/// <summary>One stage: wall time from its start to its end, and the peaks sampled while it ran.</summary>
/// <param name="PeakWorkingSetMb">The highest working set of the process that ran the stage while it ran; null (left out, n/a) when not measured.</param>
/// <param name="PeakManagedHeapMb">The highest managed heap of that process while the stage ran; null (left out, n/a) when not measured.</param>
/// <param name="BusySeconds">
/// Of the wall time, the time the stage worked rather than waited for another (stages overlap, so their wall times add
/// up to more than the run's); null where it was not measured.
/// </param>
public sealed record StageReport(double WallSeconds, double? PeakWorkingSetMb, double? PeakManagedHeapMb, long? Items, double? BusySeconds = null);

/// <summary>Where the figures were measured.</summary>
public sealed record EnvironmentReport(int Processors, string Runtime, string Os, bool ServerGc)
{
    /// <summary>This process's machine and runtime.</summary>
    public static EnvironmentReport OfThisProcess() => new(
        Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        System.Runtime.InteropServices.RuntimeInformation.OSDescription, System.Runtime.GCSettings.IsServerGC);
}
