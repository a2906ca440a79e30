using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>What one service's anomalies in one incident look like: how many, how strong, when they began, of which types.</summary>
public sealed class ServiceProfile(string service)
{
    private readonly Dictionary<string, int> _typeCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _nameCounts = new(StringComparer.Ordinal);

    public string Service { get; } = service;

    public int Count { get; private set; }

    /// <summary>Sum of the anomalies' confidences: the service's anomaly mass.</summary>
    public double ConfidenceSum { get; private set; }

    public double MaxConfidence { get; private set; }

    public DateTime Onset { get; private set; } = DateTime.MaxValue;

    public DateTime LastSeen { get; private set; } = DateTime.MinValue;

    public void Add(Detection anomaly)
    {
        Count++;
        ConfidenceSum += anomaly.Confidence;
        MaxConfidence = Math.Max(MaxConfidence, anomaly.Confidence);
        if (anomaly.Timestamp < Onset)
        {
            Onset = anomaly.Timestamp;
        }

        if (anomaly.Timestamp > LastSeen)
        {
            LastSeen = anomaly.Timestamp;
        }

        _typeCounts[anomaly.DetectedType] = _typeCounts.GetValueOrDefault(anomaly.DetectedType) + 1;
        _nameCounts[anomaly.Name] = _nameCounts.GetValueOrDefault(anomaly.Name) + 1;
    }

    /// <summary>Detected types with counts, most frequent first, ties by name.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> TypeCounts => ByCount(_typeCounts);

    /// <summary>Metric, operation, template or event names with counts, most frequent first, ties by name.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> NameCounts => ByCount(_nameCounts);

    /// <summary>The most frequent detected type: the candidate's fault kind.</summary>
    public string DominantType => TypeCounts.Count == 0 ? string.Empty : TypeCounts[0].Key;

    /// <summary>Profiles of every service in <paramref name="anomalies"/>, ordered by service name.</summary>
    public static List<ServiceProfile> Build(IReadOnlyList<Detection> anomalies)
    {
        var profiles = new Dictionary<string, ServiceProfile>(StringComparer.Ordinal);
        foreach (var anomaly in anomalies)
        {
            if (!profiles.TryGetValue(anomaly.Service, out var profile))
            {
                profile = new ServiceProfile(anomaly.Service);
                profiles[anomaly.Service] = profile;
            }

            profile.Add(anomaly);
        }

        var ordered = new List<ServiceProfile>(profiles.Values);
        ordered.Sort(static (a, b) => string.CompareOrdinal(a.Service, b.Service));
        return ordered;
    }

    private static List<KeyValuePair<string, int>> ByCount(Dictionary<string, int> counts)
    {
        var list = new List<KeyValuePair<string, int>>(counts);
        list.Sort(static (a, b) => a.Value != b.Value ? b.Value.CompareTo(a.Value) : string.CompareOrdinal(a.Key, b.Key));
        return list;
    }
}
