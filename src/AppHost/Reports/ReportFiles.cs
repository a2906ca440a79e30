using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AnomalyPlatform.AppHost.Reports;

/// <summary>Writes a report atomically: a reader never sees half a file, even when the run is interrupted.</summary>
internal static class ReportFiles
{
    public static async Task WriteAsync<T>(string path, T report, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, report, typeInfo, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
