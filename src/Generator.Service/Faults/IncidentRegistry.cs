using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Ground truth of the injected incidents. An incident gets its id (<c>INC-0001</c>, ...) when its first labelled record
/// is emitted, so ids follow the order in which incidents became observable, and one that never showed up (cut off by
/// the end of the run) leaves no gap and no entry.
/// </summary>
internal sealed class IncidentRegistry(ServiceTopology topology)
{
    private sealed class Entry(string faultType, int service, int instance, long startTicks)
    {
        public string FaultType { get; } = faultType;
        public int Service { get; } = service;
        public int Instance { get; } = instance;
        public long StartTicks { get; } = startTicks;
        public string? Id { get; set; }
        public long LastTicks { get; set; }
        public List<int> Affected { get; } = [service];
    }

    private readonly List<Entry> _entries = [];
    private readonly List<Entry> _observed = [];

    /// <summary>Registers a new incident and returns its index (not yet its id).</summary>
    public int Open(string faultType, int service, int instance, long startTicks)
    {
        _entries.Add(new Entry(faultType, service, instance, startTicks));
        return _entries.Count - 1;
    }

    /// <summary>Notes an emitted record of the incident at <paramref name="service"/> and returns the incident's id.</summary>
    public string Observe(int incident, long ticks, int service)
    {
        var entry = _entries[incident];
        if (entry.Id is null)
        {
            _observed.Add(entry);
            entry.Id = $"INC-{_observed.Count:D4}";
        }

        entry.LastTicks = Math.Max(entry.LastTicks, ticks);
        if (!entry.Affected.Contains(service))
        {
            entry.Affected.Add(service);
        }

        return entry.Id;
    }

    /// <summary>
    /// Every observed incident, in id order. Start is when the fault began; End the last labelled record's time;
    /// affected services are the root cause, then the others in the order the symptoms reached them.
    /// </summary>
    public List<GroundTruthIncident> Build() => _observed
        .Select(e => new GroundTruthIncident(
            e.Id!,
            topology.Services[e.Service].Name,
            topology.InstanceNames[e.Instance],
            e.FaultType,
            new DateTime(Math.Min(e.StartTicks, e.LastTicks), DateTimeKind.Utc),
            new DateTime(e.LastTicks, DateTimeKind.Utc),
            e.Affected.Select(s => topology.Services[s].Name).ToArray()))
        .ToList();
}
