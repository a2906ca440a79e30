using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>Writes a report atomically: a reader never sees half a file, even when the run is interrupted.</summary>
public static class ReportFiles
{
    public static Task WriteAsync<T>(string path, T report, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        AtomicFile.WriteAsync(path, (stream, token) => JsonSerializer.SerializeAsync(stream, report, typeInfo, token), cancellationToken);
}
