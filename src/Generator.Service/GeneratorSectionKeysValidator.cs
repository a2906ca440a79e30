using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Refuses a key of the <c>Generator</c> section that is no setting: the binder ignores it, so a misspelling
/// (<c>Generator__Topolgy__File</c>, <c>Generator__Recrods</c>) would quietly run the default estate or size.
/// </summary>
internal sealed class GeneratorSectionKeysValidator(IConfiguration configuration) : IValidateOptions<GeneratorOptions>
{
    private static readonly string TopologyKey = TopologyOptions.SectionName[(GeneratorOptions.SectionName.Length + 1)..];

    public ValidateOptionsResult Validate(string? name, GeneratorOptions options)
    {
        var unknown = SectionKeys.Unknown(configuration, GeneratorOptions.SectionName, typeof(GeneratorOptions), "a generator setting", TopologyKey);
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown);
    }
}
