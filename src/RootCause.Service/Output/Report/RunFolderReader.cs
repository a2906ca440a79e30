using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Reads the files of a run folder that a report is drawn from; only <c>anomalies.json</c> is required.</summary>
internal static class RunFolderReader
{
    /// <param name="truth">The known incidents when they are not the folder's <c>incidents.json</c> (analyze's <c>--incidents</c>).</param>
    public static async Task<ReportInput> ReadAsync(
        string directory, ReportExtras extras, IReadOnlyList<GroundTruthIncident>? truth, CancellationToken cancellationToken)
    {
        var anomalies = await ReadAsync(Path.Combine(directory, OutputFiles.Anomalies), ReportInputJsonContext.Default.ReportAnomaliesFile, cancellationToken)
            .ConfigureAwait(false) ?? throw new InvalidDataException($"{Path.Combine(directory, OutputFiles.Anomalies)} is missing or empty; a report needs it.");
        truth ??= await ReadAsync(Path.Combine(directory, OutputFiles.Incidents), ContractsJsonContext.Default.ListGroundTruthIncident, cancellationToken)
            .ConfigureAwait(false);
        var evaluation = await ReadAsync(Path.Combine(directory, OutputFiles.Evaluation), ReportJsonContext.Default.EvaluationReport, cancellationToken)
            .ConfigureAwait(false);
        var performance = await ReadAsync(Path.Combine(directory, OutputFiles.Performance), ReportJsonContext.Default.PerformanceReport, cancellationToken)
            .ConfigureAwait(false);
        // analyze writes an evaluation.json of its own shape (root-cause accuracy only): read as this one it has no models.
        evaluation = evaluation is null ? null : evaluation with { Models = evaluation.Models ?? new Dictionary<string, ModelReport>() };
        return new ReportInput(anomalies, truth, evaluation, performance, extras);
    }

    private static async Task<T?> ReadAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false);
    }
}
