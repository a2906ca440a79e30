using System.CommandLine;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// The flags that choose the LLM behind the root-cause explanations, shared by every command that explains incidents
/// (<c>run</c>, <c>analyze</c>). Each overrides one configuration key of <c>Llm</c>, validated by the service's options.
/// </summary>
internal sealed class LlmCommandOptions
{
    private readonly Option<string?> _llm = new("--llm") { Description = "Root-cause explanations: mock (offline, default) or openai (any OpenAI-compatible endpoint, Groq by default)." };
    private readonly Option<string?> _llmModel = new("--llm-model") { Description = "LLM model name (default llama-3.1-8b-instant)." };
    private readonly Option<string?> _llmBaseUrl = new("--llm-base-url") { Description = "OpenAI-compatible base URL (default https://api.groq.com/openai/v1)." };

    public LlmCommandOptions() => _llm.AcceptOnlyFromAmong("mock", "openai");

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_llm);
        command.Options.Add(_llmModel);
        command.Options.Add(_llmBaseUrl);
    }

    /// <summary>Sets the keys of the flags given; flags not given leave lower configuration layers in force.</summary>
    public void AddOverrides(ParseResult parseResult, IDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var (key, option) in new[] { ("Llm:Provider", _llm), ("Llm:Model", _llmModel), ("Llm:BaseUrl", _llmBaseUrl) })
        {
            if (parseResult.GetValue(option) is { } value)
            {
                overrides[key] = value;
            }
        }
    }
}
