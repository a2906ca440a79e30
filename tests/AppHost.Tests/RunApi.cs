using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AnomalyPlatform.AppHost.Tests;

/// <summary>The run endpoints of the running application: start on the generator, follow on rootcause.</summary>
internal sealed class RunApi(HttpClient generator, HttpClient rootCause)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public static string NewRunId(string purpose) => $"{purpose}-{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary><c>POST /runs</c>; the generator answers 202 with the run it queued.</summary>
    public async Task<JsonObject> StartAsync(string requestJson, CancellationToken cancellationToken)
    {
        using var content = new StringContent(requestJson, System.Text.Encoding.UTF8, "application/json");
        using var response = await generator.PostAsync("/runs", content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"POST /runs answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary><c>GET /runs/{id}</c>, or null while rootcause has not heard of the run (404).</summary>
    public async Task<JsonObject?> StatusAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await rootCause.GetAsync($"/runs/{runId}", cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
    }

    /// <summary>Polls the run until it is no longer running; the last status seen.</summary>
    public async Task<JsonObject> WaitUntilFinishedAsync(string runId, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (await StatusAsync(runId, cancellationToken) is { } status && (string?)status["status"] is "completed" or "failed")
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary><c>GET /runs/{id}/anomalies</c>: the run's anomalies.json as served.</summary>
    public async Task<byte[]> AnomaliesAsync(string runId, CancellationToken cancellationToken)
    {
        using var response = await rootCause.GetAsync($"/runs/{runId}/anomalies", cancellationToken);
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public static string Describe(JsonObject status) => status.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
