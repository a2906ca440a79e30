using System.IO.Compression;
using System.Text.Json;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.RootCause.Tests.Support;
using AnomalyPlatform.ServiceDefaults.Output;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>
/// <c>analyze</c> on real telemetry: four faults cut from a day of the Train Ticket system (TestData/nezha, Nezha data
/// set, MIT licence), with their true root-cause services.
/// </summary>
[Collection(NezhaSliceCollection.Name)]
public sealed class NezhaSliceTests : IDisposable
{
    private static readonly string Slice = Path.Combine(AppContext.BaseDirectory, "TestData", "nezha");

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "anomaly-nezha-" + Guid.NewGuid().ToString("N"));

    private static string Telemetry => Path.Combine(Slice, "telemetry-slice.csv.gz");

    private static string Incidents => Path.Combine(Slice, "incidents.json");

    [Fact]
    public async Task Real_faults_are_detected_and_most_of_their_root_causes_ranked_first()
    {
        var output = Path.Combine(_folder, "out");

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", Telemetry, "--incidents", Incidents, "--out", output);

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        using var evaluation = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, OutputFiles.Evaluation)));
        var rootCause = evaluation.RootElement.GetProperty("root_cause");
        Assert.Equal(4, rootCause.GetProperty("incidents").GetInt32());
        Assert.Equal(4, rootCause.GetProperty("detected").GetInt32());
        // Two of the four first and three in the top three: what log-template shift and metric novelty reach on this
        // slice (a code-level fault at contacts and basic, an exception at route, CPU contention at contacts).
        Assert.True(rootCause.GetProperty("ac_at_1").GetDouble() >= 0.5, console);
        Assert.True(rootCause.GetProperty("ac_at_3").GetDouble() >= 0.75, console);
        // Each fault's incident is one to page: none of them is stray points only or mostly a change in traffic.
        using var anomalies = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, OutputFiles.Anomalies)));
        var paged = anomalies.RootElement.GetProperty("incidents").EnumerateArray()
            .Where(incident => incident.GetProperty("paged").GetBoolean()).Select(incident => incident.GetProperty("incident_id").GetString()).ToHashSet();
        Assert.All(evaluation.RootElement.GetProperty("per_incident").EnumerateArray(),
            match => Assert.Contains(match.GetProperty("detected_incident_id").GetString(), paged));
        Assert.Equal(paged.Count, evaluation.RootElement.GetProperty("paged_incidents").GetInt32());
    }

    [Fact]
    public async Task Log_lines_that_name_no_request_are_joined_by_time_and_routes_exception_is_still_ranked_first()
    {
        // The slice as an application that never logs its request's ids writes it: no ids in the columns or the text.
        var withoutIds = Path.Combine(_folder, "without-ids.csv.gz");
        Directory.CreateDirectory(_folder);
        await WriteWithoutLogIdsAsync(Telemetry, withoutIds);
        var output = Path.Combine(_folder, "without-ids");

        var (exitCode, console, errors) = await CliAsync("analyze", "--input", withoutIds, "--incidents", Incidents, "--out", output);

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        Assert.Contains("were joined to the request their pod was serving when each was written", console, StringComparison.Ordinal);
        using var evaluation = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(output, OutputFiles.Evaluation)));
        // Its requests end without the line they write, which only a line joined to its request shows (fifth unjoined).
        var route = evaluation.RootElement.GetProperty("per_incident").EnumerateArray()
            .Single(match => match.GetProperty("root_cause_service").GetString() == "ts-route-service");
        Assert.Equal(1, route.GetProperty("rank").GetInt32());
    }

    /// <summary>Writes <paramref name="from"/> with every log line's trace and span id taken out of its columns and its text.</summary>
    private static async Task WriteWithoutLogIdsAsync(string from, string to)
    {
        await using var input = File.OpenRead(from);
        await using var gunzip = new GZipStream(input, CompressionMode.Decompress);
        using var reader = new StreamReader(gunzip);
        await using var output = File.Create(to);
        await using var gzip = new GZipStream(output, CompressionLevel.Fastest);
        await using var writer = new StreamWriter(gzip);
        while (await reader.ReadLineAsync() is { } line)
        {
            // The first twelve columns hold no comma; the message, last, may.
            var fields = line.Split(',', 13);
            if (fields[2] == "log")
            {
                foreach (var id in new[] { fields[9], fields[10] }.Where(static id => id.Length > 0))
                {
                    fields[12] = fields[12].Replace(id, "", StringComparison.Ordinal);
                }

                fields[9] = fields[10] = "";
            }

            await writer.WriteLineAsync(string.Join(',', fields));
        }
    }

    [Fact]
    public async Task Prompts_built_from_real_logs_carry_no_log_text_trace_id_or_reading()
    {
        var keyVariable = "NEZHA_SLICE_KEY_" + Guid.NewGuid().ToString("N");
        await using var server = await FakeChatCompletionsServer.StartAsync(
            (_, context) => FakeChatCompletionsServer.WriteCompletionAsync(
                context, """{"root_cause_service":"ts-contacts-service","fault_kind":"x","explanation":"Look there first."}"""),
            servedModels: ["test-model"]);
        var settings = new Dictionary<string, string>
        {
            [keyVariable] = "sk-nezha-slice",
            ["Llm__ApiKeyVariable"] = keyVariable,
            ["Llm__RequestsPerMinute"] = "0",
            ["Llm__TokensPerMinute"] = "0",
        };
        int exitCode;
        string errors;
        try
        {
            foreach (var (name, value) in settings)
            {
                Environment.SetEnvironmentVariable(name, value);
            }

            (exitCode, _, errors) = await CliAsync("analyze", "--input", Telemetry, "--out", Path.Combine(_folder, "llm"),
                "--llm", "openai", "--llm-base-url", server.BaseUrl, "--llm-model", "test-model");
        }
        finally
        {
            foreach (var name in settings.Keys)
            {
                Environment.SetEnvironmentVariable(name, null);
            }
        }

        Assert.True(exitCode == EmbeddedPipeline.Succeeded, errors);
        var prompts = server.Requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).Select(r => r.Body).ToList();
        Assert.NotEmpty(prompts);
        var sent = string.Join("\n", prompts.Select(b => JsonDocument.Parse(b).RootElement.ToString()));
        var (traceIds, logWords, readings) = await SecretsOfTheInputAsync();
        Assert.True(traceIds.Count > 1_000 && logWords.Count > 100 && readings.Count > 1_000, "the slice should hold plenty to leak");
        var leaked = traceIds.Concat(logWords).Concat(readings).Where(sent.Contains).ToList();
        Assert.True(leaked.Count == 0, "left the process: " + string.Join(", ", leaked.Take(20)));
    }

    /// <summary>
    /// Trace and span ids, the words of log lines (long tokens: payload, class names) that are not also part of a service
    /// or operation name, and metric readings with five or more digits: none is metadata, so none may leave the process.
    /// (Operation names are metadata the prompt may carry; a log line that prints its method's name shares it.)
    /// </summary>
    private static async Task<(HashSet<string> TraceIds, HashSet<string> LogWords, HashSet<string> Readings)> SecretsOfTheInputAsync()
    {
        HashSet<string> traceIds = [], logWords = [], readings = [], names = [];
        await using var file = File.OpenRead(Telemetry);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        await reader.ReadLineAsync();
        while (await reader.ReadLineAsync() is { } line)
        {
            var fields = line.Split(',');
            names.Add(fields[3]);
            switch (fields[2])
            {
                case "span":
                    names.Add(fields[5]);
                    traceIds.Add(fields[9]);
                    traceIds.Add(fields[10]);
                    break;
                case "log":
                    foreach (var word in line[(line.IndexOf("SpanID:", StringComparison.Ordinal) + 1)..].Split(' ', '[', ']', '"', ','))
                    {
                        if (word.Length >= 12)
                        {
                            logWords.Add(word);
                        }
                    }

                    break;
                case "metric" when fields[6].Count(char.IsAsciiDigit) >= 5:
                    readings.Add(fields[6]);
                    break;
            }
        }

        logWords.RemoveWhere(word => names.Any(name => name.Contains(word, StringComparison.Ordinal)));
        return (traceIds, logWords, readings);
    }

    /// <summary>Runs the CLI: its exit code, what it printed and, apart, what it reported as errors.</summary>
    private static async Task<(int ExitCode, string Console, string Errors)> CliAsync(params string[] arguments)
    {
        var console = new TestConsole();
        console.Profile.Width = 400;
        var errors = new TestConsole();
        errors.Profile.Width = 400;
        var exitCode = await PlatformCli.Create(console, errors).Parse(arguments).InvokeAsync();
        return (exitCode, console.Output, errors.Output);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}

/// <summary>
/// The slice's tests set process environment variables (the LLM key and limits) that a parallel test, or a child
/// process it starts, must not see: they run alone.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NezhaSliceCollection
{
    public const string Name = "real telemetry slice";
}
