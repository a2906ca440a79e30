using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A service name the records of several services share (an SDK's unknown_service, a scrape job's name), read on each pod as the pod's own service.</summary>
public sealed class SharedServiceNamesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("shared-names-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    private const string Unknown = "unknown_service:java";

    [Fact]
    public void Spans_and_lines_under_an_sdks_default_name_are_read_as_the_service_their_pods_metrics_name()
    {
        List<TelemetryRecord> records =
        [
            Span(Unknown, "cart-7d9f8b6c4d-x2qkz"), Log(Unknown, "cart-7d9f8b6c4d-x2qkz"), Metric("cart", "cart-7d9f8b6c4d-x2qkz"),
            Span(Unknown, "payment-5c6d7f8b9-q8wzt"), Metric("payment", "payment-5c6d7f8b9-q8wzt"),
        ];

        var (read, names) = SharedServiceNames.Resolve(records);

        Assert.Equal([new SharedServiceNames.Shared(Unknown, 2, 2, 0, 0)], names);
        Assert.Equal(["cart", "cart", "cart", "payment", "payment"], read.Select(static r => r.Service));
    }

    [Fact]
    public void Metrics_under_a_scrape_jobs_name_take_their_pods_traced_service_or_the_deployment_their_pod_name_says()
    {
        List<TelemetryRecord> records =
        [
            Span("cart", "cart-7d9f8b6c4d-x2qkz"), Metric("kubernetes-pods", "cart-7d9f8b6c4d-x2qkz"),
            Span("payment", "payment-5c6d7f8b9-q8wzt"), Metric("kubernetes-pods", "payment-5c6d7f8b9-q8wzt"),
            // Never traced: its name, as Kubernetes made it, is all that says whose it is.
            Metric("kubernetes-pods", "ticket-office-798dc75dff-nzd8h"),
            // Not a name Kubernetes makes for a Deployment's pod: left.
            Metric("kubernetes-pods", "db-primary"),
        ];

        var (read, names) = SharedServiceNames.Resolve(records);

        Assert.Equal([new SharedServiceNames.Shared("kubernetes-pods", 2, 2, 1, 0)], names);
        Assert.Equal(["cart", "cart", "payment", "payment", "ticket-office", "kubernetes-pods"], read.Select(static r => r.Service));
    }

    [Fact]
    public void A_sidecars_metrics_beside_the_applications_own_are_two_processes_and_are_left()
    {
        List<TelemetryRecord> records =
        [
            Metric("cart", "cart-1"), Metric("otel-collector", "cart-1"),
            Metric("payment", "payment-1"), Metric("otel-collector", "payment-1"),
        ];
        var asRead = records.ToList();

        var (read, names) = SharedServiceNames.Resolve(records);

        Assert.Empty(names);
        Assert.Equal(asRead, read);
    }

    [Fact]
    public void Pods_whose_records_carry_one_name_each_are_left_as_read()
    {
        List<TelemetryRecord> records = [Span("cart", "cart-1"), Metric("cart", "cart-1"), Span("payment", "payment-1"), Metric("payment", "payment-1")];

        var (read, names) = SharedServiceNames.Resolve(records);

        Assert.Empty(names);
        Assert.Same(records, read);
    }

    [Fact]
    public void Reading_a_csv_whose_spans_carry_an_sdks_default_name_says_so()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            $"0,2026-01-05T12:00:00.000Z,span,{Unknown},cart-1,GET /cart,12,,OK,{1:x32},{1:x16},,",
            "1,2026-01-05T12:00:00.000Z,metric,cart,cart-1,cpu_percent,40,,,,,,",
            $"2,2026-01-05T12:00:01.000Z,span,{Unknown},payment-1,POST /pay,12,,OK,{2:x32},{2:x16},,",
            "3,2026-01-05T12:00:01.000Z,metric,payment,payment-1,cpu_percent,40,,,,,,");

        Assert.Equal(["cart", "cart", "payment", "payment"], input.Records.Select(static r => r.Service));
        Assert.Contains($"Records under '{Unknown}' on 2 pods, whose other records name 2 services, were read under each pod's service.", InputReport.Notes(input));
    }

    [Theory]
    [InlineData("ts-travel-service-5f9c7d8b4c-x2qkz", "ts-travel-service")]
    [InlineData("ts-ticket-office-service-798dc75dff-nzd8h", "ts-ticket-office-service")]
    [InlineData("cart-7d9f8b6c4d-x2qkz", "cart")]
    [InlineData("cart-1", null)]
    [InlineData("db-primary", null)]
    [InlineData("web-0", null)]
    [InlineData("cart-7d9f8b6c4d-xaeio", null)]
    public void A_deployments_pod_name_says_its_deployment(string pod, string? deployment) => Assert.Equal(deployment, KubernetesPodNames.Deployment(pod));

    private static TelemetryRecord Span(string service, string pod) =>
        new(0, Start, TelemetryKind.Span, service, pod, "GET /", 12, TraceId: "t", SpanId: pod);

    private static TelemetryRecord Log(string service, string pod) =>
        new(0, Start, TelemetryKind.Log, service, pod, "log", 0, LogLevel.Info, Message: "served");

    private static TelemetryRecord Metric(string service, string pod) =>
        new(0, Start, TelemetryKind.Metric, service, pod, "cpu_percent", 40);
}
