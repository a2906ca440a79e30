using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace AnomalyPlatform.Deploy.Tests;

/// <summary>
/// Prints the synthesised resource counts by type and the IAM statements per role (for docs/aws.md and the issue):
/// <c>dotnet test tests/Deploy.Tests --filter TemplateReport --logger "console;verbosity=detailed"</c>.
/// </summary>
[Collection(SynthesizedPlatformCollection.Name)]
public sealed class TemplateReportTests(SynthesizedPlatform platform, ITestOutputHelper output)
{
    [Fact]
    public void TemplateReport_lists_resource_counts_and_every_role_s_statements()
    {
        var report = new StringBuilder();
        var counts = platform.Json["Resources"]!.AsObject()
            .GroupBy(resource => (string)resource.Value!["Type"]!)
            .OrderBy(group => group.Key, StringComparer.Ordinal);
        report.AppendLine("| resource type | count |").AppendLine("|---|---|");
        foreach (var group in counts)
        {
            report.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} |");
        }

        report.AppendLine().AppendLine("| role | actions | resources |").AppendLine("|---|---|---|");
        var roles = platform.Resources("AWS::IAM::Role").Select(role => role.Id).ToArray();
        foreach (var role in roles)
        {
            foreach (var statement in platform.StatementsOf(role))
            {
                var actions = string.Join(", ", TemplateJson.Strings(statement["Action"]));
                var resources = string.Join(", ", TemplateJson.AsList(statement["Resource"]).Select(Describe));
                var condition = statement["Condition"] is { } c ? " if " + c.ToJsonString().Replace("|", "\\|", StringComparison.Ordinal)[..60] + "…" : "";
                report.AppendLine(CultureInfo.InvariantCulture, $"| {role[..(role.Length - 8)]} | {actions} | {resources}{condition} |");
            }
        }

        output.WriteLine(report.ToString());
        Assert.Equal(6, roles.Length);
        Assert.All(roles, role => Assert.NotEmpty(platform.StatementsOf(role)));
    }

    /// <summary>A resource as the logical id it points at (plus any suffix), or the literal.</summary>
    private static string Describe(JsonNode resource)
    {
        if (resource is JsonValue)
        {
            return (string)resource!;
        }

        if (resource["Fn::GetAtt"] is { } attribute)
        {
            return (string)attribute[0]!;
        }

        if (resource["Ref"] is { } reference)
        {
            return (string)reference!;
        }

        var parts = resource["Fn::Join"]![1]!.AsArray().Select(part => part is JsonValue ? (string)part! : part!["Ref"] is { } r ? "${" + (string)r! + "}" : part["Fn::GetAtt"] is { } a ? (string)a[0]! : "?");
        return string.Concat(parts).Replace("arn:${AWS::Partition}:", "arn:", StringComparison.Ordinal);
    }
}
