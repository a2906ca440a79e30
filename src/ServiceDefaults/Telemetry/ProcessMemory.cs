namespace AnomalyPlatform.ServiceDefaults.Telemetry;

/// <summary>Memory as the run reports state it: megabytes, one decimal.</summary>
public static class ProcessMemory
{
    private const double BytesPerMb = 1024 * 1024;

    /// <summary>Bytes as the reports state memory: megabytes, one decimal.</summary>
    public static double Mb(long bytes) => Math.Round(bytes / BytesPerMb, 1);
}
