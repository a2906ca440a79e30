using AnomalyPlatform.Cli.Progress;
using AnomalyPlatform.RootCause.Evaluation;
using static AnomalyPlatform.ServiceDefaults.Telemetry.ProcessMemory;

namespace AnomalyPlatform.Cli.Reports;

/// <summary>Builds <c>performance.json</c> from what the <see cref="StageRecorder"/> measured.</summary>
internal static class PerformanceReportBuilder
{
    public static PerformanceReport Build(long records, StageRecorder recorder) => new(
        records,
        Math.Round(recorder.Elapsed.TotalSeconds, 3),
        Mb(recorder.PeakWorkingSetBytes),
        Mb(recorder.PeakManagedHeapBytes),
        recorder.Measurements().ToDictionary(
            stage => stage.Stage,
            stage => new StageReport(
                Math.Round(stage.WallSeconds, 3), Mb(stage.PeakWorkingSetBytes), Mb(stage.PeakManagedHeapBytes), stage.Items, Math.Round(stage.BusySeconds, 3)),
            StringComparer.Ordinal),
        EnvironmentReport.OfThisProcess());
}
