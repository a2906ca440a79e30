using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.EndToEnd.Tests.Services;

/// <summary>
/// Runs started over HTTP on the long-running services: validation of the request, status while and after it runs,
/// the six files in the run's own folder, and the same anomalies as the command-line run of the same settings.
/// </summary>
public sealed class RunApiTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Two_runs_started_at_once_complete_apart_with_the_anomalies_of_the_command_line_run()
    {
        await using var services = await ServiceHost.StartAsync();

        var firstAccepted = await StartAcceptedAsync(services.Client, """{"records": 12000, "seed": 7, "run_id": "api-first"}""");
        var first = firstAccepted.GetProperty("run_id").GetString()!;
        // Enough records for the estate: nothing to warn about.
        Assert.False(firstAccepted.TryGetProperty("warning", out _), firstAccepted.ToString());
        var second = await StartAsync(services.Client, """{"records": 9000, "seed": 8, "segment_records": 4000}""");
        Assert.Equal("api-first", first);
        Assert.StartsWith("run-8-", second, StringComparison.Ordinal);

        foreach (var (runId, records, seed, flags) in new[]
                 {
                     (first, 12000, 7, new[] { "--records", "12000", "--seed", "7" }),
                     (second, 9000, 8, new[] { "--records", "9000", "--seed", "8", "--segment-records", "4000" }),
                 })
        {
            var status = await WaitForCompletionAsync(services.Client, runId);
            Assert.Equal(records, status.GetProperty("records").GetInt64());
            Assert.Equal(seed, status.GetProperty("seed").GetInt32());
            Assert.Equal(status.GetProperty("segments").GetInt32(), status.GetProperty("segments_detected").GetInt32());
            Assert.InRange(status.GetProperty("evaluation").GetProperty("f1").GetDouble(), 0.5, 1.0);

            var folder = Path.Combine(services.OutputDirectory, runId);
            foreach (var file in new[] { OutputFiles.SyntheticData, OutputFiles.SyntheticLabels, OutputFiles.Incidents, OutputFiles.Anomalies, OutputFiles.Evaluation, OutputFiles.Performance })
            {
                Assert.True(File.Exists(Path.Combine(folder, file)), $"{file} is missing from {folder}");
            }

            // Every stage measured for this run: time, and the peaks while it ran (the second run's are not the first's).
            using var performance = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, OutputFiles.Performance)));
            var stages = performance.RootElement.GetProperty("stages");
            foreach (var stage in new[] { "generate", "detect", "root_cause", "evaluate" })
            {
                var figures = stages.GetProperty(stage);
                foreach (var figure in new[] { "wall_seconds", "peak_working_set_mb", "peak_managed_heap_mb" })
                {
                    Assert.True(figures.GetProperty(figure).GetDouble() > 0, $"{stage}.{figure} of {runId}: {figures}");
                }
            }

            Assert.Equal(records, stages.GetProperty("generate").GetProperty("items").GetInt64());
            Assert.True(stages.GetProperty("root_cause").GetProperty("items").GetInt64() >= 1);

            var served = await services.Client.GetStringAsync($"/runs/{runId}/anomalies");
            using var cli = await PipelineRun.StartAsync(flags);
            Assert.Equal(0, cli.ExitCode);
            Assert.Equal(WithoutRunId(await File.ReadAllTextAsync(cli.PathOf(OutputFiles.Anomalies))), WithoutRunId(served));
            Assert.Equal(
                await File.ReadAllTextAsync(cli.PathOf(OutputFiles.Evaluation)),
                await File.ReadAllTextAsync(Path.Combine(folder, OutputFiles.Evaluation)));
        }

        var listed = await services.Client.GetFromJsonAsync<JsonElement>("/runs");
        Assert.Equal(2, listed.GetArrayLength());
    }

    [Fact]
    public async Task A_completed_run_serves_its_report_as_one_self_contained_page()
    {
        await using var services = await ServiceHost.StartAsync();
        var runId = await StartAsync(services.Client, """{"records": 6000, "seed": 11, "run_id": "api-report"}""");
        using var unknown = await services.Client.GetAsync("/runs/no-such-run/report");

        await WaitForCompletionAsync(services.Client, runId);
        using var response = await services.Client.GetAsync($"/runs/{runId}/report");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(services.OutputDirectory, runId, "report.html")), html);
        foreach (var section in new[] { "summary", "timeline", "incidents", "models", "performance" })
        {
            Assert.Contains($"<section id=\"{section}\">", html, StringComparison.Ordinal);
        }

        // The call graph and the curves come from the run as the service analysed it, not from its files.
        Assert.Contains("chart call-graph", html, StringComparison.Ordinal);
        Assert.Contains("chart pr-curves", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"records": -5}""", "records", "records must be between 1 and 100000000")]
    [InlineData("""{"error_rate": 0.9}""", "error_rate", "error_rate must be between 0 and 0.5")]
    [InlineData("""{"recrods": 5}""", "recrods", "recrods")]
    [InlineData("""{"records": "many"}""", "records", "records must be a whole number, not the string \"many\"")]
    [InlineData("""{"run_id": "../etc"}""", "run_id", "run_id must be 1 to 64 letters")]
    [InlineData("""[1, 2""", "body", "")]
    public async Task A_bad_request_gets_400_naming_the_field(string body, string field, string message)
    {
        await using var services = await ServiceHost.StartAsync();

        using var response = await services.Client.PostAsync("/runs", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        var named = errors.EnumerateObject().Single();
        Assert.StartsWith(field, named.Name, StringComparison.Ordinal);
        Assert.Contains(message, named.Value[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_id_already_taken_gets_409_and_an_unknown_run_404()
    {
        await using var services = await ServiceHost.StartAsync();
        var accepted = await StartAcceptedAsync(services.Client, """{"records": 1000, "run_id": "taken"}""");

        using var again = await services.Client.PostAsync("/runs", new StringContent("""{"run_id": "taken"}""", Encoding.UTF8, "application/json"));
        using var unknown = await services.Client.GetAsync("/runs/never-started");

        // Too few records for the estate: accepted, with what the command-line run prints for the same settings.
        Assert.StartsWith("1,000 records cover ", accepted.GetProperty("warning").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("never-started", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await WaitForCompletionAsync(services.Client, "taken");
    }

    private static async Task<string> StartAsync(HttpClient client, string body) =>
        (await StartAcceptedAsync(client, body)).GetProperty("run_id").GetString()!;

    /// <summary>Starts a run and returns the 202's body, having checked its status link.</summary>
    private static async Task<JsonElement> StartAcceptedAsync(HttpClient client, string body)
    {
        using var response = await client.PostAsync("/runs", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var runId = accepted.GetProperty("run_id").GetString()!;
        // The status link is absolute: RootCause serves it, at the address the generator is configured with.
        var status = new Uri(client.BaseAddress!, $"/runs/{runId}");
        Assert.Equal(status, response.Headers.Location);
        Assert.Equal(status.AbsoluteUri, accepted.GetProperty("status").GetString());
        return accepted;
    }

    private static async Task<JsonElement> WaitForCompletionAsync(HttpClient client, string runId)
    {
        var deadline = DateTime.UtcNow + Patience;
        var last = "";
        while (true)
        {
            using var response = await client.GetAsync($"/runs/{runId}");
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var status = JsonDocument.Parse(last).RootElement;
                var state = status.GetProperty("status").GetString();
                Assert.NotEqual("failed", state);
                if (state == "completed")
                {
                    return status;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {runId} did not complete within {Patience}; its last status: {last}");
            await Task.Delay(250);
        }
    }

    /// <summary>The file without its <c>run_id</c> line: the service's runs and the command line's are named differently.</summary>
    private static string WithoutRunId(string anomaliesJson) =>
        string.Join('\n', anomaliesJson.Split('\n').Where(line => !line.TrimStart().StartsWith("\"run_id\"", StringComparison.Ordinal)));
}
