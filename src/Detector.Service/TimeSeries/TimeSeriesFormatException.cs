namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>A time series file that cannot be used, with the file, the 1-based line and the reason.</summary>
public sealed class TimeSeriesFormatException(string file, int line, string reason, Exception? inner = null)
    : Exception($"{file}, line {line}: {reason}", inner)
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Reason { get; } = reason;

    /// <summary>The column the header lacks, when that is why the file cannot be used; null otherwise.</summary>
    public string? MissingColumn { get; init; }
}
