using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause;

/// <summary>
/// Refuses a key of the <c>RootCause</c> section that is no setting: the binder ignores it, so a misspelling
/// (<c>RootCause__MaxCandidate=10</c>, <c>RootCause__TopKk=5</c>) would quietly rank with the defaults. The computed
/// durations (<c>IncidentGap</c>, ...) are refused too: only their <c>...Seconds</c> settings take a value.
/// </summary>
internal sealed class RootCauseSectionKeysValidator(IConfiguration configuration) : IValidateOptions<RootCauseOptions>
{
    public ValidateOptionsResult Validate(string? name, RootCauseOptions options)
    {
        var unknown = SectionKeys.Unknown(configuration, RootCauseOptions.SectionName, typeof(RootCauseOptions), "a root-cause setting");
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown);
    }
}
