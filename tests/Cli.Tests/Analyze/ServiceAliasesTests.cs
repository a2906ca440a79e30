using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Metrics labelled with another name for a service than its traces carry, read under the traced name.</summary>
public sealed class ServiceAliasesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aliases-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    private static TelemetryRecord Metric(string service, string instance) =>
        new(0, Start, TelemetryKind.Metric, service, instance, "cpu_percent", 40);

    private static TelemetryRecord Span(string service, string instance) =>
        new(0, Start, TelemetryKind.Span, service, instance, "GET /", 10, TraceId: "t", SpanId: service + instance);

    [Fact]
    public void A_name_only_metrics_use_is_read_as_the_name_its_pods_are_traced_under()
    {
        var records = new List<TelemetryRecord>
        {
            Metric("travel", "ts-travel-7d9f-x2"), Metric("travel", "ts-travel-7d9f-q8"),
            Span("ts-travel-service", "ts-travel-7d9f-x2"), Span("ts-travel-service", "ts-travel-7d9f-q8"),
            // A pod of it that served no traced request says nothing against the others.
            Metric("travel", "ts-travel-7d9f-idle"),
        };

        var (read, aliases) = ServiceAliases.Resolve(records);

        Assert.Equal([("travel", "ts-travel-service")], aliases);
        Assert.All(read, record => Assert.Equal("ts-travel-service", record.Service));
        Assert.Equal("ts-travel-7d9f-idle", read[4].Instance);
    }

    [Fact]
    public void A_host_that_runs_several_traced_services_lends_its_metrics_to_none()
    {
        var records = new List<TelemetryRecord> { Metric("node", "ip-10-0-1-5"), Span("cart", "ip-10-0-1-5"), Span("payment", "ip-10-0-1-5") };

        var (read, aliases) = ServiceAliases.Resolve(records);

        Assert.Empty(aliases);
        Assert.Equal("node", read[0].Service);
    }

    [Fact]
    public void A_name_whose_pods_are_traced_under_different_names_is_left_as_it_is()
    {
        var records = new List<TelemetryRecord> { Metric("web", "pod-1"), Metric("web", "pod-2"), Span("cart", "pod-1"), Span("payment", "pod-2") };

        var (_, aliases) = ServiceAliases.Resolve(records);

        Assert.Empty(aliases);
    }

    [Fact]
    public void Names_the_traces_use_and_services_that_are_never_traced_are_left_as_they_are()
    {
        var records = new List<TelemetryRecord> { Metric("cart", "pod-1"), Span("cart", "pod-1"), Metric("redis", "redis-0") };

        var (read, aliases) = ServiceAliases.Resolve(records);

        Assert.Empty(aliases);
        Assert.Equal(["cart", "cart", "redis"], read.Select(static r => r.Service));
    }

    [Fact]
    public void Reading_a_csv_says_which_names_were_read_as_which_for_the_report()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,metric,travel,ts-travel-7d9f-x2,cpu_percent,40,,,,,,",
            "1,2026-01-05T12:00:00.004Z,span,ts-travel-service,ts-travel-7d9f-x2,GET /trips,12,,,t1,s1,,");

        Assert.Equal("ts-travel-service", input.Records[0].Service);
        Assert.Contains("1 service name(s) used only by metrics or events were read as the name their pods are traced under ('travel' as 'ts-travel-service').", InputReport.Notes(input));
    }
}
