using System.CommandLine;
using System.Globalization;
using AnomalyPlatform.Generator;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// The flags that shape a generated data set, shared by <c>run</c> and <c>generate</c>. Each overrides one key of the
/// <c>Generator</c> section. A value out of the range <see cref="GeneratorOptions"/> allows is refused here, naming the
/// flag; the options class validates the same keys set any other way (naming the setting).
/// </summary>
internal sealed class GeneratorCommandOptions
{
    private readonly Option<long?> _records = NumberOption.Create<long>("--records", "Number of telemetry records to generate (default 10000).", 1, GeneratorOptions.MaxRecords);
    private readonly Option<int?> _seed = NumberOption.Create<int>("--seed", "Random seed; the same seed and settings give byte-identical data (default 42).");
    private readonly Option<double?> _errorRate = NumberOption.Create<double>(
        "--error-rate", "Fraction of log records that are anomalous ERROR lines (incidents and standalone bursts), 0..0.5 (default 0.02).", 0, GeneratorOptions.MaxRate);

    private readonly Option<double?> _anomalyRate = NumberOption.Create<double>(
        "--anomaly-rate", "Fraction of the other records (metrics, spans, events) labelled anomalous (incidents and standalone), 0..0.5 (default 0.01).", 0, GeneratorOptions.MaxRate);

    private readonly Option<string?> _runId = new("--run-id")
    {
        Description = "Run id carried by every message (run also writes it into anomalies.json; default run-{seed}).",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _records, _seed, _errorRate, _anomalyRate, _runId })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Adds the configuration keys the given flags set; flags not given add nothing, so lower layers apply.</summary>
    public void AddOverrides(ParseResult parseResult, IDictionary<string, string?> overrides)
    {
        Set(overrides, "Generator:Records", parseResult.GetValue(_records));
        Set(overrides, "Generator:Seed", parseResult.GetValue(_seed));
        Set(overrides, "Generator:ErrorRate", parseResult.GetValue(_errorRate));
        Set(overrides, "Generator:AnomalyRate", parseResult.GetValue(_anomalyRate));
        if (parseResult.GetValue(_runId) is { } runId)
        {
            overrides["Generator:RunId"] = runId;
        }
    }

    private static void Set<T>(IDictionary<string, string?> overrides, string key, T? value) where T : struct, IFormattable
    {
        if (value is { } given)
        {
            overrides[key] = given.ToString(null, CultureInfo.InvariantCulture);
        }
    }
}
