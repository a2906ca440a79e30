using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Detector;

/// <summary>
/// Refuses a key of the <c>Detector</c> section that is no setting: the binder ignores it, so a misspelling
/// (<c>Detector__Contaminaton=0.05</c>, <c>Detector__IsolationForestTress</c>) would quietly run the default.
/// </summary>
internal sealed class DetectorSectionKeysValidator(IConfiguration configuration) : IValidateOptions<DetectorOptions>
{
    /// <summary>
    /// The AppHost's replica count (<c>src/AppHost/PlatformSettings.cs</c>): not a detector setting, but the detector
    /// processes it starts may see it too, in an inherited environment or a shared settings file.
    /// </summary>
    private const string ReplicasKey = "Replicas";

    public ValidateOptionsResult Validate(string? name, DetectorOptions options)
    {
        var unknown = SectionKeys.Unknown(configuration, DetectorOptions.SectionName, typeof(DetectorOptions), "a detector setting", ReplicasKey);
        return unknown.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(unknown);
    }
}
