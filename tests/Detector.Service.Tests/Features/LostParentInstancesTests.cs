using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector.Features;

namespace AnomalyPlatform.Detector.Tests.Features;

public sealed class LostParentInstancesTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>
    /// A request a minute through the frontend, the catalogue (catalog-1 or catalog-2 in turn) and the cache, each
    /// service writing a log line with the trace id. In the last request the catalogue's span is lost, so its cache span
    /// is an orphan; <paramref name="catalogLogs"/> says whether the catalogue's line is kept too.
    /// </summary>
    private static (TelemetryColumns Columns, TraceLinks Links) Requests(int count, bool catalogLogs = true, bool lose = true)
    {
        var records = new List<TelemetryRecord>();
        for (var r = 0; r < count; r++)
        {
            var at = Start.AddMinutes(r);
            var trace = $"t{r}";
            var last = lose && r == count - 1;
            var catalog = r % 2 == 0 ? "catalog-1" : "catalog-2";
            void Add(TelemetryKind kind, string service, string instance, string name, string? span = null, string? parent = null) =>
                records.Add(new(records.Count, at.AddMilliseconds(records.Count), kind, service, instance, name, kind == TelemetryKind.Span ? 10 : 0,
                    TraceId: trace, SpanId: span, ParentSpanId: parent, Level: kind == TelemetryKind.Log ? LogLevel.Info : null));

            Add(TelemetryKind.Span, "frontend", "frontend-1", "GET /", $"f{r}");
            Add(TelemetryKind.Log, "frontend", "frontend-1", "request");
            if (!last)
            {
                Add(TelemetryKind.Span, "catalog", catalog, "ListProducts", $"c{r}", $"f{r}");
            }

            if (!last || catalogLogs)
            {
                Add(TelemetryKind.Log, "catalog", catalog, "listing");
            }

            Add(TelemetryKind.Span, "cache", "cache-1", "GET", $"k{r}", $"c{r}");
            Add(TelemetryKind.Log, "cache", "cache-1", "hit");
        }

        var columns = new TelemetryColumns();
        columns.Append(records);
        columns.Seal();
        return (columns, TraceLinks.Build(columns));
    }

    [Fact]
    public void An_orphan_names_the_instance_of_its_services_caller_that_logged_in_its_request()
    {
        var run = Requests(5);

        var (row, instances) = Assert.Single(LostParentInstances.Of(run.Columns, run.Links));

        Assert.Equal("GET", run.Columns.NameAt(row));
        // Only callers of the cache count: the frontend and the cache logged in the request too.
        Assert.Equal(["catalog-1"], instances);
    }

    [Fact]
    public void An_orphan_whose_request_no_caller_logged_in_names_none()
    {
        var run = Requests(5, catalogLogs: false);

        Assert.Empty(LostParentInstances.Of(run.Columns, run.Links));
    }

    [Fact]
    public void A_run_without_orphans_names_none()
    {
        var run = Requests(5, lose: false);

        Assert.Equal(0, run.Links.OrphanCount);
        Assert.Empty(LostParentInstances.Of(run.Columns, run.Links));
    }
}
