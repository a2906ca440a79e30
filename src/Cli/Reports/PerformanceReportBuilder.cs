using System.Runtime;
using System.Runtime.InteropServices;
using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.Cli.Reports;

/// <summary>Builds <c>performance.json</c> from what the <see cref="StageRecorder"/> measured.</summary>
internal static class PerformanceReportBuilder
{
    private const double BytesPerMb = 1024 * 1024;

    public static PerformanceReport Build(long records, StageRecorder recorder) => new(
        records,
        Math.Round(recorder.Elapsed.TotalSeconds, 3),
        Mb(recorder.PeakWorkingSetBytes),
        Mb(recorder.PeakManagedHeapBytes),
        recorder.Measurements().ToDictionary(
            stage => stage.Stage,
            stage => new StageReport(Math.Round(stage.WallSeconds, 3), Mb(stage.PeakWorkingSetBytes), Mb(stage.PeakManagedHeapBytes), stage.Items),
            StringComparer.Ordinal),
        new EnvironmentReport(Environment.ProcessorCount, RuntimeInformation.FrameworkDescription, RuntimeInformation.OSDescription, GCSettings.IsServerGC));

    private static double Mb(long bytes) => Math.Round(bytes / BytesPerMb, 1);
}
