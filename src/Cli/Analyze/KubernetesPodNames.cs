using System.Text.RegularExpressions;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The Deployment a Kubernetes pod belongs to, from the name Kubernetes gave it: <c>&lt;deployment&gt;-&lt;pod
/// template hash&gt;-&lt;five characters&gt;</c>, the hash and the suffix both drawn from Kubernetes' alphabet without
/// vowels (so that no word is spelt), as in <c>ts-travel-service-5f9c7d8b4c-x2qkz</c>.
/// </summary>
internal static partial class KubernetesPodNames
{
    /// <summary>The Deployment's name; null for a name not so made.</summary>
    public static string? Deployment(string pod) => DeploymentPod().Match(pod) is { Success: true } match ? match.Groups["deployment"].Value : null;

    [GeneratedRegex("^(?<deployment>[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$", RegexOptions.CultureInvariant)]
    private static partial Regex DeploymentPod();
}
