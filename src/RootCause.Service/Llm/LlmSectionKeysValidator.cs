using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>
/// Refuses a key of the <c>Llm</c> section that is no setting: the binder ignores it, so <c>Llm__Provder=openai</c>
/// would quietly keep the mock explainer, and <c>Llm__BaseUri</c> the default endpoint.
/// </summary>
internal sealed class LlmSectionKeysValidator(IConfiguration configuration) : IValidateOptions<LlmOptions>
{
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var unknown = SectionKeys.Unknown(configuration, LlmOptions.SectionName, typeof(LlmOptions), "an LLM setting");
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown);
    }
}
