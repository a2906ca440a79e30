using System.Text.Json;
using AnomalyPlatform.ServiceDefaults.Output;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AnomalyPlatform.RootCause.Runs;

/// <summary>
/// The results side of the run API: <c>GET /runs</c> (every run heard of), <c>GET /runs/{run_id}</c> (status, counts,
/// evaluation summary) and <c>GET /runs/{run_id}/anomalies</c> (the run's <c>anomalies.json</c>).
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
        {
            if (registry.Find(runId) is not { } status)
            {
                return UnknownRun(runId);
            }

            var path = Path.Combine(status.OutputDirectory, OutputFiles.Anomalies);
            return status.Status == RunState.Completed && File.Exists(path)
                ? Results.File(path, "application/json")
                : Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The run has no anomalies.json yet.",
                    detail: $"Run {runId} is {JsonNamingPolicy.SnakeCaseLower.ConvertName(status.Status.ToString())}; its anomalies are served once it has completed.");
        });
        return endpoints;
    }

    private static IResult UnknownRun(string runId) => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "No such run.",
        detail: $"This service has not heard of run '{runId}'. A run started a moment ago appears once the generator's announcement arrives.");
}
