using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Which kinds of record carry each service and instance name together, gathered in one pass: what the readings of
/// services and pods named two ways look at (<see cref="SharedServiceNames"/>, <see cref="ServiceAliases"/>,
/// <see cref="InstanceAliases"/>), which then cost a pass over the records only where they find something to read.
/// </summary>
internal sealed class PodKinds
{
    /// <summary>Per service and instance, the kinds of record that carry both (a bit a kind, <see cref="Bit"/>), in the order first seen.</summary>
    public Dictionary<(string Service, string Instance), int> Kinds { get; } = [];

    public static PodKinds Of(List<TelemetryRecord> records)
    {
        var pods = new PodKinds();
        foreach (var record in records)
        {
            pods.Add(record.Service, record.Instance, Bit(record.Kind));
        }

        return pods;
    }

    public static int Bit(TelemetryKind kind) => 1 << (int)kind;

    public static bool Has(int kinds, TelemetryKind kind) => (kinds & Bit(kind)) != 0;

    /// <summary>The same names with services read as <paramref name="service"/> gives them (the kinds of names that become one merged).</summary>
    public PodKinds WithServices(Func<string, string, string> service)
    {
        var renamed = new PodKinds();
        foreach (var ((name, instance), kinds) in Kinds)
        {
            renamed.Add(service(name, instance), instance, kinds);
        }

        return renamed;
    }

    private void Add(string service, string instance, int kinds)
    {
        ref var known = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Kinds, (service, instance), out _);
        known |= kinds;
    }
}
