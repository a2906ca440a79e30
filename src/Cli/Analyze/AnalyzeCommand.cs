using System.CommandLine;
using AnomalyPlatform.Cli.Embedded;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// <c>analyze</c>: detection, incident grouping, root-cause ranking and explanations on telemetry the platform did not
/// generate (the project's MELT CSV, plain or gzip, one or several files), with root-cause accuracy against known
/// incidents when <c>--incidents</c> names them.
/// </summary>
internal static class AnalyzeCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Option<string[]>("--input")
        {
            Description = "Telemetry files: the MELT CSV schema or OTLP JSON lines (the Collector's file exporter), plain or gzip, records in any order; several files allowed.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out") { Description = "Output folder (default outputs)." };
        var incidents = new Option<string?>("--incidents") { Description = "Known incidents (incidents.json format): also write evaluation.json with AC@1 and AC@3." };
        var llm = new Option<string?>("--llm") { Description = "Root-cause explanations: mock (offline, default) or openai." };
        llm.AcceptOnlyFromAmong("mock", "openai");
        var llmModel = new Option<string?>("--llm-model") { Description = "LLM model name." };
        var llmBaseUrl = new Option<string?>("--llm-base-url") { Description = "OpenAI-compatible base URL." };
        var command = new Command("analyze", "Find anomalies, incidents and root causes in your own telemetry (MELT CSV or OTLP JSON).");
        foreach (var option in new Option[] { input, output, incidents, llm, llmModel, llmBaseUrl })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Output:Directory"] = parseResult.GetValue(output) ?? "outputs",
            };
            Set(overrides, "Llm:Provider", parseResult.GetValue(llm));
            Set(overrides, "Llm:Model", parseResult.GetValue(llmModel));
            Set(overrides, "Llm:BaseUrl", parseResult.GetValue(llmBaseUrl));
            using var cancellation = new RunCancellation(cancellationToken);
            return await new AnalysisPipeline(console).RunAsync(
                parseResult.GetValue(input) ?? [], parseResult.GetValue(incidents), overrides, cancellation.Token);
        });
        return command;
    }

    private static void Set(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
