using System.Reflection;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Refuses a key of the <c>Generator</c> section that is no setting: the binder ignores it, so a misspelling
/// (<c>Generator__Topolgy__File</c>, <c>Generator__Recrods</c>) would quietly run the default estate or size.
/// </summary>
internal sealed class GeneratorSectionKeysValidator(IConfiguration configuration) : IValidateOptions<GeneratorOptions>
{
    private static readonly string[] Known = typeof(GeneratorOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.CanWrite)
        .Select(p => p.Name)
        .Append(TopologyOptions.SectionName[(GeneratorOptions.SectionName.Length + 1)..])
        .ToArray();

    public ValidateOptionsResult Validate(string? name, GeneratorOptions options)
    {
        var unknown = configuration.GetSection(GeneratorOptions.SectionName).GetChildren()
            .Where(setting => !Known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
            .Select(setting => $"{setting.Path} is not a generator setting; known: {string.Join(", ", Known)}.")
            .ToList();
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown);
    }
}
