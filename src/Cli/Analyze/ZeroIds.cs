using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// Trace and span ids of all zeros read as none. W3C Trace Context and OpenTelemetry make the all-zero id the invalid
/// one, which a logger writes where a line has no span around it (.NET's default <c>ActivityTraceId</c>, an MDC filled
/// outside a request) and some exporters write as a root span's parent. Read as an id, every such line would belong to
/// one request that the input holds no span of, and every such root would name a parent it lacks; read as none, a line
/// gets its request from the ids its text names where it names any (<see cref="LogRequestIds"/>).
/// </summary>
internal static class ZeroIds
{
    /// <summary>The records with every all-zero trace, span or parent span id read as none, in place; how many records had one.</summary>
    public static long Clear(List<TelemetryRecord> records)
    {
        var cleared = 0L;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (IsZero(record.TraceId) || IsZero(record.SpanId) || IsZero(record.ParentSpanId))
            {
                records[i] = record with
                {
                    TraceId = IsZero(record.TraceId) ? null : record.TraceId,
                    SpanId = IsZero(record.SpanId) ? null : record.SpanId,
                    ParentSpanId = IsZero(record.ParentSpanId) ? null : record.ParentSpanId,
                };
                cleared++;
            }
        }

        return cleared;
    }

    /// <summary>True for an id written as zeros only (a hex id of any length, with or without X-Ray's dashes, or the number 0).</summary>
    private static bool IsZero(string? id)
    {
        if (string.IsNullOrEmpty(id) || id[0] != '0')
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ('0' or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
