using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Host-free synthetic MELT generator: streams exactly <see cref="GeneratorOptions.Records"/> records in batches of
/// <see cref="GeneratorOptions.BatchSize"/>, with labels, and knows the injected incidents once the run is enumerated.
/// </summary>
/// <remarks>
/// <para>Time layout: one-minute intervals from <see cref="GeneratorOptions.StartTime"/>; the simulated duration grows
/// with the record count (about 18 minutes for 10,000 records, about 28 hours for 1,000,000). Records are ordered by
/// timestamp, and ids follow that order.</para>
/// <para>Record mix of the default estate (33 instances) at the default rates, varying with the daily traffic curve:
/// metrics about 33–37 % (6 per instance per interval, so every (service, metric) series gets at least 30 points across
/// its instances at 10,000 records), spans about 33–36 % (1 % head-sampled traces of about 9 spans), logs about 30 %
/// (levels roughly DEBUG 22 %, INFO 66 %, WARN 8 %, ERROR 1–3 % including bursts), events under 1 % apart from injected
/// floods. Higher fault rates add error lines and events and so shift the mix.</para>
/// <para>Faults: incidents (<see cref="Contracts.Telemetry.FaultTypes"/>: cpu_hog, memory_leak, latency_injection,
/// bad_deploy, dependency_outage, tracing_loss, event_storm), one at a time, a few minutes long, at a root-cause instance,
/// at least <see cref="GeneratorOptions.IncidentSpacingMinutes"/> apart; their symptoms reach callers through the call
/// graph. Standalone point anomalies (no incident id) top up <see cref="GeneratorOptions.ErrorRate"/> and
/// <see cref="GeneratorOptions.AnomalyRate"/> between incidents. A record is labelled only when it carries an observable
/// trace of a fault; <see cref="RecordLabel.IsRootCause"/> marks the root-cause service's own records.</para>
/// <para>Memory is bounded: only the current interval and batch are held, plus a few numbers per instance and incident.
/// Deterministic: the same options give the same records, labels and incidents.</para>
/// </remarks>
public sealed class TelemetryGenerator
{
    private readonly GeneratorOptions _options;
    private readonly ServiceTopology _topology;
    private List<GroundTruthIncident>? _incidents;

    /// <summary>Creates a generator for the default topology; throws <see cref="ArgumentException"/> on invalid options.</summary>
    public TelemetryGenerator(GeneratorOptions options)
        : this(options, ServiceTopology.CreateDefault())
    {
    }

    /// <summary>Creates a generator for <paramref name="topology"/>; throws <see cref="ArgumentException"/> on invalid options.</summary>
    public TelemetryGenerator(GeneratorOptions options, ServiceTopology topology)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topology);
        options.ThrowIfInvalid();
        _options = options;
        _topology = topology;
    }

    public ServiceTopology Topology => _topology;

    /// <summary>Records every run of this generator holds.</summary>
    public long Records => _options.Records;

    /// <summary>The warning for a run whose records are too few for this estate (<see cref="RunCoverageWarning"/>); null when there is none.</summary>
    internal string? CoverageWarning => RunCoverageWarning.Of(RunCoverage.Estimate(_options, _topology));

    /// <summary>
    /// The ground-truth incidents of the last run whose batches were enumerated to the end, in id order.
    /// Throws <see cref="InvalidOperationException"/> before that.
    /// </summary>
    public IReadOnlyList<GroundTruthIncident> Incidents =>
        _incidents ?? throw new InvalidOperationException("Incidents are known once GenerateBatches has been enumerated to the end.");

    /// <summary>
    /// Generates the run lazily, batch by batch. Each enumeration starts the run afresh from the seed, so enumerating
    /// twice gives the same batches.
    /// </summary>
    public IEnumerable<GeneratedBatch> GenerateBatches(CancellationToken cancellationToken = default)
    {
        var simulator = new EstateSimulator(_options, _topology);
        var serviceNames = _topology.InstanceService.Select(s => _topology.Services[s].Name).ToArray();
        var instanceNames = _topology.InstanceNames.ToArray();
        var total = _options.Records;
        long nextId = 0;
        var sequence = 0;
        var records = new TelemetryRecord[(int)Math.Min(_options.BatchSize, total)];
        var labels = new RecordLabel[records.Length];
        var fill = 0;

        while (nextId < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            simulator.SimulateNextInterval();
            var buffer = simulator.Buffer;
            for (var i = 0; i < buffer.Count && nextId < total; i++)
            {
                ref readonly var pending = ref buffer[i];
                var timestamp = new DateTime(pending.Ticks, DateTimeKind.Utc);
                records[fill] = new TelemetryRecord(
                    nextId,
                    timestamp,
                    pending.Kind,
                    serviceNames[pending.Instance],
                    instanceNames[pending.Instance],
                    pending.Name,
                    pending.Value,
                    pending.Kind == TelemetryKind.Log ? pending.Level : null,
                    pending.Kind == TelemetryKind.Span ? pending.Status : null,
                    pending.TraceId,
                    pending.SpanId,
                    pending.ParentSpanId,
                    pending.Message);
                labels[fill] = pending.AnomalyType is null
                    ? new RecordLabel(nextId, false, null, null)
                    : new RecordLabel(nextId, true, pending.AnomalyType,
                        pending.Incident < 0 ? null : simulator.Incidents.Observe(pending.Incident, pending.Ticks, _topology.InstanceService[pending.Instance]),
                        pending.RootCause);
                fill++;
                nextId++;
                if (fill == records.Length)
                {
                    yield return new GeneratedBatch(sequence++, records, labels);
                    var size = (int)Math.Min(_options.BatchSize, total - nextId);
                    records = new TelemetryRecord[size];
                    labels = new RecordLabel[size];
                    fill = 0;
                }
            }
        }

        _incidents = simulator.Incidents.Build();
    }
}
