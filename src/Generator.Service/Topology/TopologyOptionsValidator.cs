using Microsoft.Extensions.Options;

namespace AnomalyPlatform.Generator;

/// <summary>Rejects an invalid <c>Generator:Topology</c> at start, with one message per problem naming its setting.</summary>
internal sealed class TopologyOptionsValidator : IValidateOptions<TopologyOptions>
{
    public ValidateOptionsResult Validate(string? name, TopologyOptions options)
    {
        var errors = ConfiguredTopology.Validate(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
