using System.CommandLine;
using AnomalyPlatform.Generator;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// The pipeline's command-line flags. Each flag overrides one configuration key, so the same setting can come from
/// <c>appsettings.json</c>, an environment variable (<c>Generator__Records=50000</c>) or the command line, in that
/// order of precedence, and is validated in one place: the options classes of the services.
/// </summary>
internal sealed class PipelineCommandOptions
{
    private readonly GeneratorCommandOptions _generator = new();
    private readonly Option<string?> _out = new("--out") { Description = "Output folder (default outputs)." };
    private readonly LlmCommandOptions _llm = new();
    private readonly Option<string?> _transport = new("--transport")
    {
        Description = "Message transport: inprocess (default) or sqs (endpoint from AWS_ENDPOINT_URL_SQS/_S3, else real AWS).",
    };

    // Kept, hidden, only to point whoever still types them at what replaced them.
    private readonly Option<bool> _distributed = new("--distributed") { Hidden = true };
    private readonly Option<int?> _detectors = new("--detectors") { Hidden = true };

    private readonly Option<int?> _segmentRecords = NumberOption.Create<int>(
        "--segment-records",
        "Records per detection segment, the unit of work detector instances compete for; a longer run is analysed segment by segment, in every mode (default 1000000).",
        GeneratorOptions.MinSegmentRecords,
        GeneratorOptions.MaxSegmentRecords);

    public PipelineCommandOptions()
    {
        _transport.AcceptOnlyFromAmong("inprocess", "sqs");
    }

    public void AddTo(Command command)
    {
        _generator.AddTo(command);
        command.Options.Add(_out);
        _llm.AddTo(command);
        foreach (var option in new Option[] { _transport, _distributed, _detectors, _segmentRecords })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Whether a flag of the retired distributed mode was given (the Aspire AppHost runs the services as processes now).</summary>
    public bool AsksForRetiredDistributedMode(ParseResult parseResult) =>
        parseResult.GetValue(_distributed) || parseResult.GetValue(_detectors) is not null;

    /// <summary>The configuration keys the given flags set; flags not given are absent, so lower layers apply.</summary>
    public IReadOnlyDictionary<string, string?> ToConfigurationOverrides(ParseResult parseResult)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        _generator.AddOverrides(parseResult, overrides);
        Set(overrides, "Output:Directory", parseResult.GetValue(_out));
        Set(overrides, "Generator:SegmentRecords", parseResult.GetValue(_segmentRecords)?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        _llm.AddOverrides(parseResult, overrides);
        Set(overrides, "Messaging:Transport", parseResult.GetValue(_transport) switch
        {
            "inprocess" => "InProcess",
            "sqs" => "Sqs",
            _ => null,
        });
        return overrides;
    }

    private static void Set(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
