using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Operational events (deploy, config_change, scale, restart, health_check_flap) and their base rates. At these rates
/// the 33 default instances see about one event every nine minutes; injected noisy-event floods stand far above that.
/// </summary>
internal sealed class EventCatalog(ServiceTopology topology, SeededRandom random)
{
    private static readonly string[] Types = [EventTypes.Deploy, EventTypes.ConfigChange, EventTypes.Scale, EventTypes.Restart, EventTypes.HealthCheckFlap];

    // Per instance per one-minute interval.
    private static readonly double[] BaseRates = [0.0008, 0.0006, 0.0004, 0.0003, 0.0012];

    /// <summary>Base-rate events an instance has per interval on average.</summary>
    public static readonly double BaseEventsPerInstance = BaseRates.Sum();

    private static readonly string[] ConfigKeys = ["feature.new_checkout", "pool.max_size", "timeout.upstream_ms", "log.level", "cache.ttl_s"];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Writes the base-rate events of one instance for one interval; returns how many.</summary>
    public int EmitBaseEvents(IntervalBuffer buffer, int instance, long intervalStart, long intervalTicks)
    {
        var count = 0;
        for (var t = 0; t < Types.Length; t++)
        {
            if (random.Chance(BaseRates[t]))
            {
                Add(buffer, Ticks.FloorMs(intervalStart + (long)(random.NextDouble() * intervalTicks)), instance, Types[t], null);
                count++;
            }
        }

        return count;
    }

    /// <summary>Writes one event of <paramref name="type"/>; <paramref name="dependency"/> names a failing callee for caller-side flaps.</summary>
    public int Add(IntervalBuffer buffer, long ticks, int instance, string type, string? dependency) =>
        AddDescribed(buffer, ticks, instance, type, Describe(type, instance, dependency));

    /// <summary>Writes one event of <paramref name="type"/> with a given detail line.</summary>
    public static int AddDescribed(IntervalBuffer buffer, long ticks, int instance, string type, string message)
    {
        var slot = buffer.Add();
        ref var record = ref buffer[slot];
        record.Ticks = ticks;
        record.Kind = TelemetryKind.Event;
        record.Instance = instance;
        record.Name = type;
        record.Message = message;
        return slot;
    }

    private string Describe(string type, int instance, string? dependency) => type switch
    {
        EventTypes.Deploy => string.Create(Invariant, $"deployed version v1.{random.Next(4, 30)}.{random.Next(0, 10)} (rolling)"),
        EventTypes.ConfigChange => string.Create(Invariant, $"config key {ConfigKeys[random.Next(ConfigKeys.Length)]} changed"),
        EventTypes.Scale => string.Create(Invariant,
            $"replicas {topology.Services[topology.InstanceService[instance]].Instances} -> {topology.Services[topology.InstanceService[instance]].Instances + (random.Chance(0.5) ? 1 : -1)}"),
        EventTypes.Restart => string.Create(Invariant, $"container restarted, exit_code={(random.Chance(0.5) ? 137 : 1)}"),
        _ when dependency is not null => string.Create(Invariant, $"dependency {dependency} health check failing, marked degraded"),
        _ => string.Create(Invariant, $"health check /health failed then recovered after {random.Next(500, 8000)} ms"),
    };
}
