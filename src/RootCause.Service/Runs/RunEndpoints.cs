using System.Text.Json;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults.Output;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// The results side of the run API: <c>GET /runs</c> (every run heard of), <c>GET /runs/{run_id}</c> (status, counts,
/// evaluation summary), <c>GET /runs/{run_id}/anomalies</c> (the run's <c>anomalies.json</c>) and
/// <c>GET /runs/{run_id}/report</c> (its <c>report.html</c>).
/// </summary>
public static class RunEndpoints
{
    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/runs", (RunRegistry registry) =>
            Results.Json(registry.All(), RunStatusJsonContext.Default.IReadOnlyListRunStatus));
        endpoints.MapGet("/runs/{runId}", (string runId, RunRegistry registry) =>
            registry.Find(runId) is { } status
                ? Results.Json(status, RunStatusJsonContext.Default.RunStatus)
                : UnknownRun(runId));
        endpoints.MapGet("/runs/{runId}/anomalies", (string runId, RunRegistry registry) =>
            RunFile(registry, runId, OutputFiles.Anomalies, "application/json"));
        endpoints.MapGet("/runs/{runId}/report", (string runId, RunRegistry registry) =>
            RunFile(registry, runId, RunReportWriter.FileName, "text/html; charset=utf-8"));
        return endpoints;
    }

    /// <summary>A file of a completed run's folder; 409 while the run is not completed or when the file was not written.</summary>
    private static IResult RunFile(RunRegistry registry, string runId, string fileName, string contentType)
    {
        if (registry.Find(runId) is not { } status)
        {
            return UnknownRun(runId);
        }

        var path = Path.Combine(status.OutputDirectory, fileName);
        return status.Status == RunState.Completed && File.Exists(path)
            ? Results.File(path, contentType)
            : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: $"The run has no {fileName} yet.",
                detail: $"Run {runId} is {JsonNamingPolicy.SnakeCaseLower.ConvertName(status.Status.ToString())}; its {fileName} is served once it has completed and been written.");
    }

    private static IResult UnknownRun(string runId) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such run.",
        detail: $"This service has not heard of run '{runId}'. A run started a moment ago appears once the generator's announcement arrives.");
}
