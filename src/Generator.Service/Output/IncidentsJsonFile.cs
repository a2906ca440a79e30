using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>Writes <c>incidents.json</c>: the ground-truth incidents as an indented JSON array (snake_case, source-generated).</summary>
public static class IncidentsJsonFile
{
    public static async Task WriteAsync(Stream stream, IReadOnlyList<GroundTruthIncident> incidents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incidents);
        var context = new ContractsJsonContext(new JsonSerializerOptions(ContractsJsonContext.Default.Options) { WriteIndented = true });
        await JsonSerializer.SerializeAsync(stream, incidents as List<GroundTruthIncident> ?? [.. incidents], context.ListGroundTruthIncident, cancellationToken)
            .ConfigureAwait(false);
    }
}
