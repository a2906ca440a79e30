using System.CommandLine;
using AnomalyPlatform.Cli.Commands;
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
    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var input = new Option<string[]>("--input")
        {
            Description = "Telemetry files (or folders of them, s3://bucket/key, s3://bucket/prefix/): the MELT CSV schema, OTLP JSON (the Collector's file exporter), Jaeger's, Zipkin's or AWS X-Ray's JSON traces, CloudWatch Logs' JSON, or Prometheus' or Loki's query answers, plain or gzip, records in any order; several files allowed.",
            Required = true,
            AllowMultipleArgumentsPerToken = true,
        };
        var output = new Option<string?>("--out") { Description = "Output folder (default outputs)." };
        var incidents = new Option<string?>("--incidents") { Description = "Known incidents (incidents.json format): also write evaluation.json with AC@1 and AC@3." };
        var llm = new LlmCommandOptions();
        var command = new Command("analyze", "Find anomalies, incidents and root causes in your own telemetry (MELT CSV, OTLP JSON, Jaeger, Zipkin or X-Ray traces, CloudWatch Logs, Prometheus, Loki).");
        foreach (var option in new Option[] { input, output, incidents })
        {
            command.Options.Add(option);
        }

        llm.AddTo(command);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
            {
                ["Output:Directory"] = parseResult.GetValue(output) ?? "outputs",
            };
            llm.AddOverrides(parseResult, overrides);
            using var cancellation = new RunCancellation(cancellationToken);
            return await new AnalysisPipeline(console, errors).RunAsync(
                parseResult.GetValue(input) ?? [], parseResult.GetValue(incidents), overrides, cancellation.Token);
        });
        return command;
    }
}
