using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

/// <summary>
/// A caller's ERROR line takes its callee's burst as its own only when its request's call to that callee failed (or
/// nothing says otherwise); a request whose call to the callee succeeded failed for another reason. A lone line at the
/// caller takes it only when it names the callee. A failed request counts once, where its failure began.
/// </summary>
public sealed class CallOutcomesTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Caller_error_takes_the_callee_burst_only_when_its_own_call_to_the_callee_failed()
    {
        var records = new Telemetry();
        for (var minute = 0; minute < 60; minute++)
        {
            // Routine traffic: every request frontend → cache succeeds and both log a line.
            for (var request = 0; request < 5; request++)
            {
                var at = Start.AddMinutes(minute).AddSeconds(request * 11);
                var trace = records.Request(at, cacheFails: false);
                records.Log(at.AddMilliseconds(3), "frontend", LogLevel.Info, "request_handled", trace);
                records.Log(at.AddMilliseconds(2), "cache", LogLevel.Info, "request_handled", null);
            }
        }

        // At minute 30 the cache bursts: eight ERROR lines in ten seconds, written outside any request.
        var burst = Start.AddMinutes(30).AddSeconds(5);
        for (var i = 0; i < 8; i++)
        {
            records.Log(burst.AddSeconds(i), "cache", LogLevel.Error, "io_error", null);
        }

        // Three frontend ERROR lines in the same seconds: one in a request whose cache call failed, one in a request
        // whose cache call succeeded, one outside any request.
        var failedCall = records.Request(burst.AddSeconds(1), cacheFails: true);
        var symptom = records.Log(burst.AddSeconds(1.01), "frontend", LogLevel.Error, "request_failed", failedCall);
        var succeededCall = records.Request(burst.AddSeconds(2), cacheFails: false);
        var unrelated = records.Log(burst.AddSeconds(2.01), "frontend", LogLevel.Error, "request_failed", succeededCall);
        var untraced = records.Log(burst.AddSeconds(3), "frontend", LogLevel.Error, "background_job_failed", null);
        // A line that names its span (as OpenTelemetry log records do) is judged by that span's calls.
        var namedUnrelated = records.Log(burst.AddSeconds(2.02), "frontend", LogLevel.Error, "handler_error", succeededCall, succeededCall + "a");

        var windows = RecordFeatures.FromBatches([records.All]).ErrorLogWindows;
        double FromCallee(long recordId) => windows.FromCallees[Array.IndexOf(windows.SelectedRows, (int)recordId)];

        Assert.True(FromCallee(symptom) > 3, $"symptom took {FromCallee(symptom):0.0}");
        Assert.True(FromCallee(untraced) > 3, $"untraced line took {FromCallee(untraced):0.0}");
        Assert.Equal(0.0, FromCallee(unrelated));
        Assert.Equal(0.0, FromCallee(namedUnrelated));
        Assert.Equal(-1, windows.CalleeCell[Array.IndexOf(windows.SelectedRows, (int)unrelated)]);
    }

    [Fact]
    public void A_lone_caller_line_takes_the_callee_burst_only_when_it_names_the_callee()
    {
        var records = new Telemetry();
        for (var minute = 0; minute < 60; minute++)
        {
            for (var request = 0; request < 5; request++)
            {
                var at = Start.AddMinutes(minute).AddSeconds(request * 11);
                records.Request(at, cacheFails: false);
                records.Log(at.AddMilliseconds(2), "cache", LogLevel.Info, "request_handled", null);
            }
        }

        // The cache bursts twice, eight ERROR lines in ten seconds each time; each time frontend logs one ERROR line
        // and nothing else: once a failed call that names the cache, once a job of its own.
        var lines = new List<long>();
        foreach (var (minute, message) in new[] { (20, "call to cache failed: 503 Service Unavailable"), (40, "background job cleanup-4 failed: deadline exceeded") })
        {
            var burst = Start.AddMinutes(minute).AddSeconds(5);
            for (var i = 0; i < 8; i++)
            {
                records.Log(burst.AddSeconds(i), "cache", LogLevel.Error, "io_error", null);
            }

            lines.Add(records.Log(burst.AddSeconds(3), "frontend", LogLevel.Error, "frontend_error", null, message: message));
        }

        var windows = RecordFeatures.FromBatches([records.All]).ErrorLogWindows;
        double FromCallee(long recordId) => windows.FromCallees[Array.IndexOf(windows.SelectedRows, (int)recordId)];

        Assert.True(FromCallee(lines[0]) > 3, $"the line naming the cache took {FromCallee(lines[0]):0.0}");
        Assert.Equal(0.0, FromCallee(lines[1]));
    }

    [Fact]
    public void A_failed_request_counts_once_where_it_began_and_its_callers_lines_take_that_services_surprise()
    {
        var records = new Telemetry();
        for (var minute = 0; minute < 60; minute++)
        {
            for (var request = 0; request < 5; request++)
            {
                var at = Start.AddMinutes(minute).AddSeconds(request * 11);
                var trace = records.Chain(at, failsAtPayment: false);
                records.Log(at.AddMilliseconds(5), "frontend", LogLevel.Info, "request_handled", trace);
            }
        }

        // Minute 20: two routine failures at payment, each logged at payment, api and frontend on its way up.
        var routine = new List<long>();
        foreach (var second in new[] { 3.0, 9.0 })
        {
            var at = Start.AddMinutes(20).AddSeconds(second);
            var trace = records.Chain(at, failsAtPayment: true);
            routine.Add(records.Log(at.AddMilliseconds(3), "payment", LogLevel.Error, "payment_declined", trace));
            routine.Add(records.Log(at.AddMilliseconds(4), "api", LogLevel.Error, "request_failed", trace));
            routine.Add(records.Log(at.AddMilliseconds(5), "frontend", LogLevel.Error, "request_failed", trace));
        }

        // Minute 40: payment fails eight requests in eight seconds; only the callers log them.
        var symptoms = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var at = Start.AddMinutes(40).AddSeconds(5 + i);
            var trace = records.Chain(at, failsAtPayment: true);
            symptoms.Add(records.Log(at.AddMilliseconds(4), "api", LogLevel.Error, "upstream_call_failed", trace));
        }

        var windows = RecordFeatures.FromBatches([records.All]).ErrorLogWindows;
        int K(long recordId) => Array.IndexOf(windows.SelectedRows, (int)recordId);

        // Counted line by line, the routine pair was a burst of two at api and at frontend (expected about zero).
        Assert.All(routine.Where((_, i) => i % 3 != 0), id => Assert.True(windows.ViaRequest[K(id)], $"record {id} not read as payment's"));
        Assert.All(routine.Where((_, i) => i % 3 != 0), id => Assert.True(windows.Own[K(id)] < 0, $"record {id} counted at its own service"));
        Assert.All(symptoms, id => Assert.True(windows.FromCallees[K(id)] > 3, $"symptom {id} took {windows.FromCallees[K(id)]:0.0}"));
    }

    [Fact]
    public void A_callers_line_takes_the_surprise_its_requests_origin_gives_its_own_line_there_the_wide_windows_included()
    {
        var records = new Telemetry();
        for (var minute = 0; minute < 60; minute++)
        {
            for (var request = 0; request < 5; request++)
            {
                var at = Start.AddMinutes(minute).AddSeconds(request * 11);
                var trace = records.Chain(at, failsAtPayment: false);
                records.Log(at.AddMilliseconds(3), "payment", LogLevel.Info, "payment_authorised", trace);
                records.Log(at.AddMilliseconds(5), "frontend", LogLevel.Info, "request_handled", trace);
            }

            // A routine failure at payment every five minutes.
            if (minute % 5 == 2)
            {
                var at = Start.AddMinutes(minute).AddSeconds(50);
                var trace = records.Chain(at, failsAtPayment: true);
                records.Log(at.AddMilliseconds(3), "payment", LogLevel.Error, "payment_declined", trace);
                records.Log(at.AddMilliseconds(4), "api", LogLevel.Error, "request_failed", trace);
            }
        }

        // From minute 40 payment fails three requests a minute for four minutes: no burst within a minute (three
        // against the routine rate is p ≈ 0.001), a clear one over five; api logs each failure on its way up.
        var failures = new List<(long Payment, long Api)>();
        for (var minute = 40; minute < 44; minute++)
        {
            foreach (var second in new[] { 5.0, 25.0, 45.0 })
            {
                var at = Start.AddMinutes(minute).AddSeconds(second);
                var trace = records.Chain(at, failsAtPayment: true);
                failures.Add((records.Log(at.AddMilliseconds(3), "payment", LogLevel.Error, "payment_declined", trace),
                    records.Log(at.AddMilliseconds(4), "api", LogLevel.Error, "request_failed", trace)));
            }
        }

        var windows = RecordFeatures.FromBatches([records.All]).ErrorLogWindows;
        int K(long recordId) => Array.IndexOf(windows.SelectedRows, (int)recordId);

        Assert.All(failures, failure =>
        {
            Assert.True(windows.ViaRequest[K(failure.Api)]);
            Assert.Equal(windows.Own[K(failure.Payment)], windows.FromCallees[K(failure.Api)]);
        });
        // The five-minute window's surprise (10), where a minute's is about 3.
        Assert.All(failures, failure => Assert.True(windows.FromCallees[K(failure.Api)] > 5, $"api line took {windows.FromCallees[K(failure.Api)]:0.0}"));
    }

    [Fact]
    public void A_callee_that_logs_nothing_lends_no_burst_in_a_long_quiet_run()
    {
        // A month of one request an hour and one frontend line each: far more windows than lines, so each service has
        // cells only where its own lines fall, and the cache, which logs nothing, has none at all.
        var records = new Telemetry();
        for (var hour = 0; hour < 30 * 24; hour++)
        {
            var at = Start.AddHours(hour);
            var trace = records.Request(at, cacheFails: false);
            records.Log(at.AddMilliseconds(3), "frontend", LogLevel.Info, "request_handled", trace);
        }

        var burst = Start.AddDays(20).AddMinutes(7);
        var lines = Enumerable.Range(0, 6).Select(i => records.Log(burst.AddSeconds(i), "frontend", LogLevel.Error, "call to cache failed", null)).ToList();

        var windows = RecordFeatures.FromBatches([records.All]).ErrorLogWindows;
        var threshold = windows.FalseDiscoveryThreshold(0.01, new DetectorOptions().CountMinSurprise);

        Assert.All(lines, id =>
        {
            var k = Array.IndexOf(windows.SelectedRows, (int)id);
            Assert.True(windows.Own[k] > threshold, $"burst line surprise {windows.Own[k]:0.0} <= {threshold:0.0}");
            Assert.Equal(-1, windows.CalleeCell[k]);
            var (windowStart, width) = windows.WindowAt(windows.OwnCell[k]);
            Assert.InRange(burst - windowStart, TimeSpan.Zero, width);
        });
    }

    /// <summary>Builds records with dense ids in the order they are added (the columns index rows by record id).</summary>
    private sealed class Telemetry
    {
        private int _traces;

        public List<TelemetryRecord> All { get; } = [];

        /// <summary>A request frontend → cache; returns its trace id.</summary>
        public string Request(DateTime at, bool cacheFails)
        {
            var trace = $"t{_traces++:D6}";
            Add(new TelemetryRecord(0, at, TelemetryKind.Span, "frontend", "frontend-1", "GET /", 20, Status: cacheFails ? SpanStatus.Error : SpanStatus.Ok,
                TraceId: trace, SpanId: trace + "a"));
            Add(new TelemetryRecord(0, at.AddMilliseconds(1), TelemetryKind.Span, "cache", "cache-1", "GET", 2, Status: cacheFails ? SpanStatus.Error : SpanStatus.Ok,
                TraceId: trace, SpanId: trace + "b", ParentSpanId: trace + "a"));
            return trace;
        }

        /// <summary>A request frontend → api → payment; returns its trace id.</summary>
        public string Chain(DateTime at, bool failsAtPayment)
        {
            var trace = $"t{_traces++:D6}";
            var status = failsAtPayment ? SpanStatus.Error : SpanStatus.Ok;
            Add(new TelemetryRecord(0, at, TelemetryKind.Span, "frontend", "frontend-1", "GET /", 30, Status: status, TraceId: trace, SpanId: trace + "a"));
            Add(new TelemetryRecord(0, at, TelemetryKind.Span, "api", "api-1", "route", 20, Status: status, TraceId: trace, SpanId: trace + "b", ParentSpanId: trace + "a"));
            Add(new TelemetryRecord(0, at, TelemetryKind.Span, "payment", "payment-1", "Authorize", 10, Status: status, TraceId: trace, SpanId: trace + "c", ParentSpanId: trace + "b"));
            return trace;
        }

        public long Log(DateTime at, string service, LogLevel level, string template, string? trace, string? span = null, string? message = null) =>
            Add(new TelemetryRecord(0, at, TelemetryKind.Log, service, service + "-1", template, 0, level, TraceId: trace, SpanId: span, Message: message ?? template));

        private long Add(TelemetryRecord record)
        {
            var id = All.Count;
            All.Add(record with { RecordId = id });
            return id;
        }
    }
}
