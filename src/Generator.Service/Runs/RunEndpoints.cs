using AnomalyPlatform.ServiceDefaults.Messaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator.Runs;

/// <summary>
/// <c>POST /runs</c>: starts a run and answers 202 with its id, where RootCause's address is configured
/// (<see cref="RunStatusOptions"/>) its status link, and a warning when its records are too few for the estate; a bad
/// body gets 400 with a problem-details body naming the field.
/// </summary>
public static class RunEndpoints
{
    public static IEndpointRouteBuilder MapRunEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/runs", StartRunAsync)
            .WithName("StartRun")
            .WithSummary("Starts a run: generates it, and sends it through detection and root cause.");
        return endpoints;
    }

    private static async Task<IResult> StartRunAsync(
        HttpRequest http, RunQueue queue, IMessageBus bus, IOptions<GeneratorOptions> defaults, IOptions<RunStatusOptions> statusAt,
        ServiceTopology topology, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (request, readError) = await ReadAsync(http, cancellationToken).ConfigureAwait(false);
        if (request is null)
        {
            return Results.ValidationProblem(readError!, title: "The run request is not valid JSON of a run.");
        }

        var (run, errors) = RunRequestValidation.Validate(request, defaults.Value, clock);
        if (run is null)
        {
            return Results.ValidationProblem(errors, title: "The run request has fields out of range.");
        }

        var runId = run.ResolveRunId();
        var announcement = RunGeneration.Announcement(run, clock.GetUtcNow().UtcDateTime);
        if (!queue.TryEnqueue(run))
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "A run with this id was already started.",
                detail: $"run_id '{runId}' is taken; leave run_id out to get a fresh one.");
        }

        // Announced on acceptance, so that the run is known (and its status served) while it waits its turn.
        await bus.PublishAsync(announcement, cancellationToken).ConfigureAwait(false);
        // The status is served by RootCause, not here: a path alone would send the client to this service, which has none.
        var status = statusAt.Value.StatusOf(runId)?.AbsoluteUri;
        if (status is not null)
        {
            http.HttpContext.Response.Headers.Location = status;
        }

        // The run goes ahead either way; the client hears at once what the command line would have printed.
        var warning = RunCoverageWarning.Of(RunCoverage.Estimate(run, topology));
        return Results.Json(new RunAccepted(runId, run.Records, run.Seed, announcement.SegmentCount, status, warning),
            RunApiJsonContext.Default.RunAccepted, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>The body as a request; an empty body is a request with every default.</summary>
    private static Task<(RunRequest? Request, Dictionary<string, string[]>? Errors)> ReadAsync(HttpRequest http, CancellationToken cancellationToken) =>
        http.ContentLength is 0
            ? Task.FromResult<(RunRequest?, Dictionary<string, string[]>?)>((new RunRequest(), null))
            : RunRequestReader.ReadAsync(http.Body, cancellationToken);
}
