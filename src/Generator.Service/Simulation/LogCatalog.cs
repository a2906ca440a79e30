using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;
using LogLevel = AnomalyPlatform.Contracts.Telemetry.LogLevel;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Log message templates per service role, rendered with variable fields (ids, durations, counts; never personal data).
/// The template id goes to the record's Name, the rendered line to its Message. Base level mix over a run is roughly
/// DEBUG 20 %, INFO 70 %, WARN 8 %, ERROR about 1 % (from spans that failed normally: unlabelled, as in real systems).
/// </summary>
internal sealed class LogCatalog(ServiceTopology topology, SeededRandom random)
{
    // Chances of a span's lines, named so that the expected volume (ExpectedLinesPerSpan) follows the draws.
    private const double DomainLineChance = 0.4, DebugLineChance = 0.16, RetryLineChance = 0.06;

    // Chances of an instance's background lines per interval: pool stats, GC pause, pool saturation, failed job.
    private const double PoolStatsChance = 0.3, GcPauseChance = 0.2, PoolSaturationChance = 0.06, BackgroundFailureChance = 0.01;

    /// <summary>Background lines an instance writes per interval on average.</summary>
    public const double BackgroundLinesPerInstance = PoolStatsChance + GcPauseChance + PoolSaturationChance + BackgroundFailureChance;

    private static readonly string[] FailureReasons =
    [
        "timeout after 3000 ms", "connection reset by peer", "upstream returned 503", "deadline exceeded", "pool exhausted",
    ];

    private static readonly string[] ExceptionTypes =
    [
        "System.InvalidOperationException: Sequence contains no elements",
        "System.NullReferenceException: Object reference not set to an instance of an object",
        "System.TimeoutException: The operation has timed out",
        "Npgsql.NpgsqlException: Exception while reading from stream",
    ];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Logs written while serving one span: an access or domain line, debug detail, slow-call and failure lines.</summary>
    public int EmitSpanLogs(IntervalBuffer buffer, int instance, string operation, long startTicks, long durationUs, bool failed, string traceId)
    {
        var service = topology.InstanceService[instance];
        var name = topology.Services[service].Name;
        var durationMs = durationUs / 1000.0;
        var endTicks = Ticks.FloorMs(startTicks + durationUs * Ticks.PerMicrosecond);
        var count = 0;

        if (WritesAccessLines(name))
        {
            var status = failed ? (random.Chance(0.5) ? 500 : 502) : 200;
            Add(buffer, endTicks, instance, LogLevel.Info, "http_access", string.Create(Invariant,
                $"{operation} status={status} duration_ms={durationMs:F1} request_id=req-{random.Next(1_000_000):D6}"), traceId);
            count++;
        }
        else if (random.Chance(DomainLineChance))
        {
            Add(buffer, endTicks, instance, LogLevel.Info, DomainTemplate(name), DomainMessage(name, operation, durationMs), traceId);
            count++;
        }

        if (random.Chance(DebugLineChance))
        {
            Add(buffer, Ticks.FloorMs(startTicks + durationUs * Ticks.PerMicrosecond / 2), instance, LogLevel.Debug,
                DebugTemplate(name), DebugMessage(name, operation, durationMs), traceId);
            count++;
        }

        // "Slow" relative to the service's own expected latency, so WARN lines track real tail latency.
        var expected = topology.ExpectedLatencyMs[service];
        if (durationMs > expected * 2.5 && random.Chance(0.5))
        {
            Add(buffer, endTicks, instance, LogLevel.Warn, "slow_request", string.Create(Invariant,
                $"slow {operation}: {durationMs:F1} ms exceeds threshold {expected * 2.5:F0} ms"), traceId);
            count++;
        }
        else if (random.Chance(RetryLineChance))
        {
            Add(buffer, endTicks, instance, LogLevel.Warn, "retry_scheduled", string.Create(Invariant,
                $"retrying {operation} attempt=2 backoff_ms={random.Next(20, 400)}"), traceId);
            count++;
        }

        if (failed)
        {
            var message = name == "payment" && random.Chance(0.6)
                ? string.Create(Invariant, $"payment declined: code=\"card_declined\", order=order-{random.Next(100_000):D5}, retry=false")
                : string.Create(Invariant, $"{operation} failed: {FailureReasons[random.Next(FailureReasons.Length)]}");
            Add(buffer, endTicks, instance, LogLevel.Error, "request_failed", message, traceId);
            count++;
        }

        return count;
    }

    /// <summary>Logs not tied to a request: connection-pool statistics and GC pauses, plus rare background job failures.</summary>
    public int EmitBackgroundLogs(IntervalBuffer buffer, int instance, long intervalStart, long intervalTicks)
    {
        var count = 0;
        if (random.Chance(PoolStatsChance))
        {
            Add(buffer, RandomTime(intervalStart, intervalTicks), instance, LogLevel.Info, "pool_stats", string.Create(Invariant,
                $"connection pool active={random.Next(1, 40)} idle={random.Next(0, 20)} waiting=0"), null);
            count++;
        }

        if (random.Chance(GcPauseChance))
        {
            Add(buffer, RandomTime(intervalStart, intervalTicks), instance, LogLevel.Debug, "gc_pause", string.Create(Invariant,
                $"gc pause gen0 {random.Uniform(0.3, 6):F1} ms heap_mb={random.Next(80, 900)}"), null);
            count++;
        }

        if (random.Chance(PoolSaturationChance))
        {
            Add(buffer, RandomTime(intervalStart, intervalTicks), instance, LogLevel.Warn, "pool_saturation", string.Create(Invariant,
                $"connection pool usage {random.Next(80, 96)}% of max={random.Next(2, 9) * 10}"), null);
            count++;
        }

        if (random.Chance(BackgroundFailureChance))
        {
            Add(buffer, RandomTime(intervalStart, intervalTicks), instance, LogLevel.Error, "background_job_failed", string.Create(Invariant,
                $"background job cleanup-{random.Next(100):D2} failed: {FailureReasons[random.Next(FailureReasons.Length)]}"), null);
            count++;
        }

        return count;
    }

    /// <summary>
    /// Lines a span of <paramref name="service"/> brings on average without a fault: its access or domain line, debug
    /// detail, a WARN line (slow calls are rare then, so the retry line's chance stands for both) and the failure line.
    /// </summary>
    public static double ExpectedLinesPerSpan(ServiceTopology topology, int service) =>
        (WritesAccessLines(topology.Services[service].Name) ? 1 : DomainLineChance)
        + DebugLineChance + RetryLineChance + topology.ExpectedErrorRate[service];

    /// <summary>The edge services write an access line for every request; the others a domain line now and then.</summary>
    private static bool WritesAccessLines(string service) => service is "frontend" or "api-gateway";

    /// <summary>An ERROR line of a standalone burst: an exception, a refused connection or an I/O failure.</summary>
    public (string Template, string Message) BurstRootLine(int service)
    {
        var definition = topology.Services[service];
        var operation = definition.Operations[random.Next(definition.Operations.Count)];
        return random.Next(3) switch
        {
            0 => ("unhandled_exception", string.Create(Invariant,
                $"unhandled exception in {operation}: {ExceptionTypes[random.Next(ExceptionTypes.Length)]}")),
            1 when topology.CalleesOf(service) is { Length: > 0 } callees => ("dependency_unavailable", string.Create(Invariant,
                $"connection refused to {topology.Services[callees[random.Next(callees.Length)]].Name}:{8080 + random.Next(3)}, retry {random.Next(1, 6)}/5")),
            1 => ("io_error", string.Create(Invariant,
                $"write to /var/lib/{definition.Name}/data failed: Input/output error, errno=5")),
            _ => ("request_failed", string.Create(Invariant,
                $"{operation} failed: internal error id=err-{random.Next(1_000_000):D6}")),
        };
    }

    public int Add(IntervalBuffer buffer, long ticks, int instance, LogLevel level, string template, string message, string? traceId)
    {
        var slot = buffer.Add();
        ref var record = ref buffer[slot];
        record.Ticks = ticks;
        record.Kind = TelemetryKind.Log;
        record.Instance = instance;
        record.Level = level;
        record.Name = template;
        record.Message = message;
        record.TraceId = traceId;
        return slot;
    }

    private long RandomTime(long start, long length) => Ticks.FloorMs(start + (long)(random.NextDouble() * length));

    private static string DomainTemplate(string service) => service switch
    {
        "checkout" => "order_placed",
        "payment" => "payment_authorized",
        "cart" => "cart_updated",
        "inventory" => "stock_checked",
        "notification" => "email_queued",
        "search" => "search_executed",
        "recommendation" => "recommendations_served",
        "auth" => "token_validated",
        _ => "request_handled",
    };

    private string DomainMessage(string service, string operation, double ms) => service switch
    {
        "checkout" => string.Create(Invariant, $"order order-{random.Next(100_000):D5} placed items={random.Next(1, 8)} total={random.Uniform(5, 400):F2}"),
        "payment" => string.Create(Invariant, $"payment txn-{random.Next(1_000_000):D6} authorized in {ms:F1} ms"),
        "cart" => string.Create(Invariant, $"cart cart-{random.Next(100_000):D5} updated items={random.Next(0, 12)}"),
        "inventory" => string.Create(Invariant, $"sku-{random.Next(10_000):D4} stock={random.Next(0, 500)} reserved={random.Next(0, 5)}"),
        "notification" => string.Create(Invariant, $"email template=order_confirmation queued id=msg-{random.Next(1_000_000):D6}"),
        "search" => string.Create(Invariant, $"query terms={random.Next(1, 5)} hits={random.Next(0, 2000)} took {ms:F1} ms"),
        "recommendation" => string.Create(Invariant, $"served {random.Next(4, 13)} recommendations model=v{random.Next(3, 6)}"),
        "auth" => string.Create(Invariant, $"token validated session=sess-{random.Next(1_000_000):D6}"),
        _ => string.Create(Invariant, $"{operation} handled in {ms:F1} ms"),
    };

    private static string DebugTemplate(string service) => service switch
    {
        "cache" => "cache_lookup",
        "database" => "db_query",
        "queue" => "message_published",
        _ => "handler_detail",
    };

    private string DebugMessage(string service, string operation, double ms) => service switch
    {
        "cache" => string.Create(Invariant, $"cache {(random.Chance(0.85) ? "hit" : "miss")} key=product:{random.Next(10_000)}"),
        "database" => string.Create(Invariant, $"{operation} rows={random.Next(0, 200)} took {ms:F2} ms"),
        "queue" => string.Create(Invariant, $"published to orders partition={random.Next(8)} offset={random.Next(1_000_000)}"),
        _ => string.Create(Invariant, $"{operation} step=deserialize took {ms * 0.1:F2} ms"),
    };
}
