using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Output;

/// <summary>How an instance's name is shown beside its service's, in the report, the offline explanation and on the console.</summary>
public static class InstanceNames
{
    /// <summary>
    /// The instance <paramref name="candidate"/> names apart from its service; null when it names none, or only the
    /// service itself (analyze reads an input without instances as one instance named after its service).
    /// </summary>
    public static string? Of(RootCauseCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        return candidate.Instance is { } instance && !string.Equals(instance, candidate.Service, StringComparison.Ordinal) ? instance : null;
    }

    // Instance names up to this long are shown whole (cart-1, an ECS task's short id); longer ones that begin with their
    // service's name (a Kubernetes pod's) lose that part, which the service's name beside them already says.
    private const int LongInstance = 20;

    /// <summary><c>ts-contacts-service-866bd68c97-dzqgd</c> of <c>ts-contacts-service</c> as <c>…866bd68c97-dzqgd</c>; a short or unrelated name whole.</summary>
    public static string Shown(string instance, string service)
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(service);
        return instance.Length > Math.Max(LongInstance, service.Length + 1) && instance.StartsWith(service, StringComparison.Ordinal) && instance[service.Length] == '-'
            ? "…" + instance[(service.Length + 1)..]
            : instance;
    }
}
