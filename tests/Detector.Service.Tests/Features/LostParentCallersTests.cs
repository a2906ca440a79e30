using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class LostParentCallersTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A request a minute: the frontend's span calls auth once and the catalogue twice, and each of those calls the
    /// cache once. <paramref name="lost"/> names the spans lost in the last request ("auth", "catalog-2" for the
    /// catalogue's second call, "frontend"), whose cache spans are then orphans.
    /// </summary>
    private static (TelemetryColumns Columns, TraceLinks Links) Requests(int count, params string[] lost)
    {
        var records = new List<TelemetryRecord>();
        for (var r = 0; r < count; r++)
        {
            var at = Start.AddMinutes(r);
            var trace = $"t{r}";
            var losing = r == count - 1 ? lost : [];
            void Span(string key, string service, string name, string? parent)
            {
                if (!losing.Contains(key))
                {
                    records.Add(new(records.Count, at.AddMilliseconds(records.Count), TelemetryKind.Span, service, service + "-1", name, 10,
                        TraceId: trace, SpanId: key, ParentSpanId: parent));
                }
            }

            Span("frontend", "frontend", "GET /", null);
            Span("auth", "auth", "ValidateToken", "frontend");
            Span("auth-cache", "cache", "GET", "auth");
            Span("catalog-1", "catalog", "ListProducts", "frontend");
            Span("catalog-1-cache", "cache", "GET", "catalog-1");
            Span("catalog-2", "catalog", "GetProduct", "frontend");
            Span("catalog-2-cache", "cache", "GET", "catalog-2");
        }

        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return (columns, TraceLinks.Build(columns));
    }

    private static Dictionary<string, string[]> OrphansOf((TelemetryColumns Columns, TraceLinks Links) run) =>
        LostParentCallers.Of(run.Columns, run.Links).ToDictionary(pair => run.Columns.NameAt(pair.Key) + "@" + run.Columns.RecordIds[pair.Key], pair => pair.Value);

    [Fact]
    public void A_cache_span_orphaned_by_a_lost_login_names_the_login_not_the_catalogue_its_request_called_as_usual()
    {
        var run = Requests(20, "auth");

        var orphan = Assert.Single(LostParentCallers.Of(run.Columns, run.Links));

        Assert.Equal("cache", run.Columns.ServiceAt(orphan.Key));
        Assert.Equal(["auth"], orphan.Value);
    }

    [Fact]
    public void A_caller_the_request_still_called_once_but_usually_calls_twice_may_have_lost_the_parent()
    {
        var run = Requests(20, "catalog-2");

        var orphan = Assert.Single(LostParentCallers.Of(run.Columns, run.Links));

        Assert.Equal(["catalog"], orphan.Value);
    }

    [Fact]
    public void What_a_span_usually_calls_is_judged_in_requests_that_entered_where_its_did()
    {
        // The gateway's one "route" operation calls the catalogue in page views and the cart in checkouts, each of which
        // calls the cache. A checkout whose cart span was lost is short of the cart, not of the catalogue, although
        // over all requests the route calls each half the time.
        var records = new List<TelemetryRecord>();
        for (var r = 0; r < 40; r++)
        {
            var checkout = r % 2 == 1;
            var trace = $"t{r}";
            void Span(string key, string service, string name, string? parent) => records.Add(new(
                records.Count, Start.AddMinutes(r).AddMilliseconds(records.Count), TelemetryKind.Span, service, service + "-1", name, 10,
                TraceId: trace, SpanId: key, ParentSpanId: parent));
            Span("f", "frontend", checkout ? "POST /checkout" : "GET /", null);
            Span("g", "gateway", "route", "f");
            if (!(checkout && r == 39))
            {
                Span("s", checkout ? "cart" : "catalog", checkout ? "GetCart" : "ListProducts", "g");
            }

            Span("c", "cache", "GET", "s");
        }

        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();

        var orphan = Assert.Single(LostParentCallers.Of(columns, TraceLinks.Build(columns)));

        Assert.Equal(["cart"], orphan.Value);
    }

    [Fact]
    public void Nothing_is_said_where_the_trace_cannot_tell()
    {
        // The frontend's span lost as well: no span is left to be short of its calls, so every caller stays possible.
        var rootLost = Requests(20, "frontend", "auth");
        Assert.True(rootLost.Links.OrphanCount > 0);
        Assert.Empty(LostParentCallers.Of(rootLost.Columns, rootLost.Links));
        // No orphan at all.
        Assert.Empty(OrphansOf(Requests(20)));
    }
}
