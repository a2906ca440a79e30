using System.Diagnostics;

namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>This process's memory as the run reports state it: megabytes, one decimal.</summary>
public static class ProcessMemory
{
    private const double BytesPerMb = 1024 * 1024;

    /// <summary>The process's peak working set since it started.</summary>
    public static double PeakWorkingSetMb()
    {
        using var process = Process.GetCurrentProcess();
        return Mb(process.PeakWorkingSet64);
    }

    /// <summary>Bytes as the reports state memory: megabytes, one decimal.</summary>
    public static double Mb(long bytes) => Math.Round(bytes / BytesPerMb, 1);
}
