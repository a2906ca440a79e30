using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.Generator;

/// <summary>
/// What to generate: size, seed, fault rates and batching of a synthetic run. Bound from the <c>Generator</c> section;
/// the estate itself (services, instances, calls, routes) is configured under <c>Generator:Topology</c>, see
/// <see cref="TopologyOptions"/>.
/// </summary>
public sealed class GeneratorOptions
{
    public const string SectionName = "Generator";

    /// <summary>The most records one run may hold (<see cref="Records"/>).</summary>
    public const long MaxRecords = 100_000_000;

    /// <summary>The highest <see cref="ErrorRate"/> and <see cref="AnomalyRate"/>.</summary>
    public const double MaxRate = 0.5;

    /// <summary>The bounds of <see cref="SegmentRecords"/>.</summary>
    public const int MinSegmentRecords = 1_000, MaxSegmentRecords = 100_000_000;

    /// <summary>Exact number of records (all four kinds together) in the run.</summary>
    [Range(1d, MaxRecords, ErrorMessage = "Generator:Records must be between 1 and 100000000.")]
    public long Records { get; set; } = 10_000;

    /// <summary>Seed of every random choice; the same options give byte-identical files.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// Target fraction of LOG records that are anomalous ERROR lines (labelled <c>error_log_burst</c>): labelled ERROR
    /// lines ÷ all log records, counting the lines of incidents (root-cause and propagated) and of standalone bursts.
    /// Normal ERROR lines (failures that happen without a fault) are not labelled and not counted as anomalous.
    /// </summary>
    [Range(0.0, MaxRate, ErrorMessage = "Generator:ErrorRate must be between 0 and 0.5.")]
    public double ErrorRate { get; set; } = 0.02;

    /// <summary>
    /// Target fraction of the OTHER records (metrics, spans and events: every record that is not a log) labelled
    /// anomalous (<c>metric_spike</c>, <c>latency_spike</c>, <c>missing_span</c>, <c>noisy_event</c>): labelled ÷ all
    /// non-log records, counting incident records and standalone ones. Incidents run only when both rates are above 0.
    /// </summary>
    [Range(0.0, MaxRate, ErrorMessage = "Generator:AnomalyRate must be between 0 and 0.5.")]
    public double AnomalyRate { get; set; } = 0.01;

    /// <summary>
    /// Minimum quiet gap, in simulated minutes, between the last symptom of one incident and the start of the next, so
    /// that grouping by time can tell incidents apart. The first incident starts 3–5 minutes into the run.
    /// </summary>
    [Range(1, 1440, ErrorMessage = "Generator:IncidentSpacingMinutes must be between 1 and 1440.")]
    public int IncidentSpacingMinutes { get; set; } = 10;

    /// <summary>Records generated and written to the CSV files at a time (the last batch may be smaller).</summary>
    [Range(1, 100_000, ErrorMessage = "Generator:BatchSize must be between 1 and 100000.")]
    public int BatchSize { get; set; } = 4096;

    /// <summary>
    /// Records per published <c>TelemetrySegment</c>, the unit of detection work that detector instances compete for.
    /// A run no longer than this is one segment and is analysed as a whole; a longer run is analysed segment by segment,
    /// in embedded and distributed mode alike, so that both give the same results. Each segment pays the models' fixed
    /// fitting cost (the LSTM's training above all) and fits them on its own records only, so segments are large by
    /// default: a run of up to a million records is analysed whole (about 12 s on two cores); lower it to spread a run
    /// over more detector instances.
    /// </summary>
    [Range(MinSegmentRecords, MaxSegmentRecords, ErrorMessage = "Generator:SegmentRecords must be between 1000 and 100000000.")]
    public int SegmentRecords { get; set; } = 1_000_000;

    /// <summary>
    /// Records of each neighbouring segment sent with a segment as context (read, not reported): about 17 simulated
    /// minutes of the default estate at 10,000, several counting windows and most traces' whole span.
    /// </summary>
    [Range(0, 1_000_000, ErrorMessage = "Generator:SegmentContextRecords must be between 0 and 1000000.")]
    public int SegmentContextRecords { get; set; } = 10_000;

    /// <summary>Run id carried by every message; null means <c>run-{Seed}</c>.</summary>
    public string? RunId { get; set; }

    /// <summary>
    /// Simulated time of the first interval (UTC; a value without a kind is taken as UTC), 1970-01-01 to 2999-12-31.
    /// The analysis looks back up to days before the first record (change windows), so a start near DateTime's
    /// beginning failed mid-run, and a run near its end (9999) ran past it; a run of 100,000,000 records over the
    /// smallest estate (six metrics a minute at least) lasts at most about 32 simulated years, so both ends stay clear.
    /// </summary>
    [Range(typeof(DateTime), "1970-01-01", "2999-12-31", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true,
        ErrorMessage = "Generator:StartTime must be between 1970-01-01 and 2999-12-31.")]
    public DateTime StartTime { get; set; } = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>A copy to change for one run without touching the configured defaults.</summary>
    public GeneratorOptions Copy() => (GeneratorOptions)MemberwiseClone();

    /// <summary>The run id to put on messages: <see cref="RunId"/>, or <c>run-{Seed}</c> when it is not set.</summary>
    public string ResolveRunId() => string.IsNullOrWhiteSpace(RunId) ? $"run-{Seed}" : RunId;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range (host-free callers use this).</summary>
    public void ThrowIfInvalid()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}
