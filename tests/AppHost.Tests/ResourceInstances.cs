using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace AnomalyPlatform.AppHost.Tests;

/// <summary>One running process of a resource: a replica's DCP id (e.g. <c>detector-abcdefgh</c>) and its process id.</summary>
public sealed record ResourceInstance(string Id, int ProcessId);

/// <summary>Replicas of a project resource as the application model reports them.</summary>
internal static class ResourceInstances
{
    public static async Task<IReadOnlyList<ResourceInstance>> WaitForHealthyReplicasAsync(
        DistributedApplication app, string resourceName, int count, CancellationToken cancellationToken)
    {
        var healthy = new Dictionary<string, ResourceInstance>();
        await foreach (var update in app.ResourceNotifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name != resourceName)
            {
                continue;
            }

            if (update.Snapshot.State?.Text == KnownResourceStates.Running
                && update.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                && ProcessIdOf(update.Snapshot) is { } processId)
            {
                healthy[update.ResourceId] = new ResourceInstance(update.ResourceId, processId);
            }
            else
            {
                healthy.Remove(update.ResourceId);
            }

            if (healthy.Count == count)
            {
                return [.. healthy.Values.OrderBy(r => r.Id, StringComparer.Ordinal)];
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>
    /// Kills a replica the way a crash would. The pid DCP reports can be a <c>dotnet run</c> wrapper; killing only that
    /// would orphan the service, still consuming, so the whole process tree goes.
    /// </summary>
    public static void Kill(ResourceInstance instance)
    {
        using var process = Process.GetProcessById(instance.ProcessId);
        process.Kill(entireProcessTree: true);
    }

    /// <summary>Completes when a line of the instance's console output satisfies <paramref name="match"/>.</summary>
    public static async Task<string> WaitForLogLineAsync(
        DistributedApplication app, string instanceId, Func<string, bool> match, CancellationToken cancellationToken)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        await foreach (var batch in logs.WatchAsync(instanceId).WithCancellation(cancellationToken))
        {
            foreach (var line in batch)
            {
                if (match(line.Content))
                {
                    return line.Content;
                }
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    /// <summary>
    /// The console output of every instance of <paramref name="resourceName"/> so far: the lines replayed until none has
    /// come for <paramref name="quiet"/>.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LogLinesAsync(
        DistributedApplication app, string resourceName, TimeSpan quiet, CancellationToken cancellationToken)
    {
        var instanceIds = new HashSet<string>(StringComparer.Ordinal);
        using (var snapshot = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            snapshot.CancelAfter(quiet);
            try
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync(snapshot.Token))
                {
                    if (update.Resource.Name == resourceName)
                    {
                        instanceIds.Add(update.ResourceId);
                    }
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The notifications replayed so far name every instance.
            }
        }

        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var lines = new List<string>();
        foreach (var instanceId in instanceIds)
        {
            using var replay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            replay.CancelAfter(quiet);
            try
            {
                await foreach (var batch in logs.WatchAsync(instanceId).WithCancellation(replay.Token))
                {
                    lines.AddRange(batch.Select(line => line.Content));
                    replay.CancelAfter(quiet);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Quiet for long enough: the backlog is read.
            }
        }

        return lines;
    }

    private static int? ProcessIdOf(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(p => p.Name is "executable.pid" or "project.pid")?.Value is { } value
        && int.TryParse(value.ToString(), out var processId)
            ? processId
            : null;
}
