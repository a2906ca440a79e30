namespace AnomalyPlatform.Generator;

/// <summary>
/// How much simulated time a run's records cover on its estate, estimated from the options and the topology before
/// anything is generated, and how many records a span of time takes.
/// </summary>
/// <remarks>
/// Every interval opens with one metric scrape of every instance (six records each, stamped at its start); the traced
/// requests with their logs, the background logs and the events follow, spread over the interval. So a large estate
/// spends a small record budget on a few minutes of mostly metrics, or on part of a single scrape, which is what
/// <see cref="RunCoverageWarning"/> tells the user. The volume is the expected one of the run's first interval (its
/// place on the daily curve; the curve moves a few per cent an hour), without fault records, which add a few per cent
/// at the default rates; it costs a pass over the services, once per run.
/// </remarks>
internal sealed class RunCoverage
{
    private static readonly long IntervalTicks = EstateSimulator.IntervalTicks;

    private RunCoverage(long records, int instances, long scrapeRecords, double recordsPerInterval, bool incidents)
    {
        Records = records;
        Instances = instances;
        ScrapeRecords = scrapeRecords;
        RecordsPerInterval = recordsPerInterval;
        Incidents = incidents;
    }

    /// <summary>The run's record count.</summary>
    public long Records { get; }

    /// <summary>Instances of the estate.</summary>
    public int Instances { get; }

    /// <summary>Records of one metric scrape of the estate, the first records of every interval.</summary>
    public long ScrapeRecords { get; }

    /// <summary>Records an interval holds on average: the scrape, then traced requests, logs and events.</summary>
    public double RecordsPerInterval { get; }

    /// <summary>Whether the run has incidents (both fault rates above 0).</summary>
    public bool Incidents { get; }

    /// <summary>Simulated time from the first record to the last; zero when the records are part of the first scrape.</summary>
    public TimeSpan Covered
    {
        get
        {
            var whole = Math.Floor(Records / RecordsPerInterval);
            var rest = Records - whole * RecordsPerInterval;
            // The scrape is stamped at the interval's start: time moves on only with the records after it.
            var part = rest <= ScrapeRecords ? 0 : (rest - ScrapeRecords) / (RecordsPerInterval - ScrapeRecords);
            return TimeSpan.FromTicks((long)((whole + part) * IntervalTicks));
        }
    }

    /// <summary>Simulated time by which the first incident is over (<see cref="IncidentScheduler.FirstIncidentLatestEndIntervals"/>).</summary>
    public static TimeSpan FirstIncidentOver => TimeSpan.FromTicks(IncidentScheduler.FirstIncidentLatestEndIntervals * IntervalTicks);

    /// <summary>Whether the records stop within the first scrape: metrics of the run's first instant and nothing else.</summary>
    public bool WithinFirstScrape => Records <= ScrapeRecords;

    /// <summary>Whether the first incident may be cut short or missing for lack of records (never when incidents are off).</summary>
    public bool CutsFirstIncidentShort => Incidents && Records < RecordsFor(FirstIncidentOver);

    /// <summary>Records that cover <paramref name="time"/> of simulated time from the run's start.</summary>
    public long RecordsFor(TimeSpan time)
    {
        var intervals = (double)time.Ticks / IntervalTicks;
        var whole = Math.Floor(intervals);
        var part = intervals - whole;
        var records = whole * RecordsPerInterval + (part > 0 ? ScrapeRecords + part * (RecordsPerInterval - ScrapeRecords) : 0);
        return (long)Math.Ceiling(records);
    }

    /// <summary>Estimates the coverage of a run of <paramref name="options"/> over <paramref name="topology"/>.</summary>
    public static RunCoverage Estimate(GeneratorOptions options, ServiceTopology topology)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(topology);
        var scrape = (long)topology.InstanceCount * MetricNames.Count;
        double perTracedRequest = 0;
        for (var service = 0; service < topology.Services.Count; service++)
        {
            // A visit is one span, and the span brings its lines.
            perTracedRequest += topology.ExpectedVisits[service] * (1 + LogCatalog.ExpectedLinesPerSpan(topology, service));
        }

        var tracedRequests = TrafficModel.PeakSampledRequestsPerInterval * TrafficModel.CurveLoad(EstateSimulator.StartOf(options));
        var perInstance = LogCatalog.BackgroundLinesPerInstance + EventCatalog.BaseEventsPerInstance;
        var perInterval = scrape + topology.InstanceCount * perInstance + tracedRequests * perTracedRequest;
        return new RunCoverage(options.Records, topology.InstanceCount, scrape, perInterval, IncidentScheduler.Enabled(options));
    }
}
