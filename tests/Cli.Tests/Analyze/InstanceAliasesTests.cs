using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Pods named one way by some kinds of record (a scrape address, a process id) and another way by others, read under one name.</summary>
public sealed class InstanceAliasesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("instance-aliases-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly DateTime Start = new(2026, 1, 5, 12, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Metrics_under_the_scrape_address_of_a_services_one_pod_are_read_as_that_pod()
    {
        var records = Minutes(30).SelectMany(m => new[]
        {
            Span("cart", "cart-7d9f-x2", m, 12), Log("cart", "cart-7d9f-x2", m),
            Metric("cart", "10.0.3.7:8080", m, "cpu_percent", 40), Metric("payment", "payment-5c-q8", m, "cpu_percent", 30),
        }).ToList();

        var (read, outcome) = InstanceAliases.Resolve(records);

        Assert.Equal([("cart", "10.0.3.7:8080", "cart-7d9f-x2")], outcome.Aliases);
        Assert.Empty(outcome.Unmatched);
        Assert.All(read.Where(static r => r.Service == "cart"), static r => Assert.Equal("cart-7d9f-x2", r.Instance));
        Assert.All(read.Where(static r => r.Service == "payment"), static r => Assert.Equal("payment-5c-q8", r.Instance));
    }

    [Fact]
    public void Spans_under_a_process_id_take_the_pod_name_their_logs_and_metrics_carry()
    {
        const string processId = "2fecbea9-26b7-438d-b7fa-452a0ae33f40";
        var records = Minutes(30).SelectMany(m => new[]
        {
            Span("cart", processId, m, 12), Log("cart", "cart-7d9f-x2", m), Metric("cart", "cart-7d9f-x2", m, "cpu_percent", 40),
        }).ToList();

        var (read, outcome) = InstanceAliases.Resolve(records);

        Assert.Equal([("cart", processId, "cart-7d9f-x2")], outcome.Aliases);
        Assert.All(read, static r => Assert.Equal("cart-7d9f-x2", r.Instance));
    }

    [Fact]
    public void Of_two_replicas_each_address_is_read_as_the_pod_whose_spans_its_latency_follows()
    {
        var records = Minutes(60).SelectMany(m => new[]
        {
            Span("cart", "cart-1", m, SlowA(m)), Span("cart", "cart-2", m, SlowB(m)),
            Metric("cart", "10.0.3.9:8080", m, "latency_p95_ms", 1.2 * SlowB(m)), Metric("cart", "10.0.3.7:8080", m, "latency_p95_ms", 1.2 * SlowA(m)),
        }).ToList();

        var (read, outcome) = InstanceAliases.Resolve(records);

        Assert.Equal([("cart", "10.0.3.7:8080", "cart-1"), ("cart", "10.0.3.9:8080", "cart-2")], outcome.Aliases);
        Assert.All(read.Where(static r => r.Kind == TelemetryKind.Metric), r => Assert.Equal(r.Value == 1.2 * SlowA(r.Timestamp.Minute) ? "cart-1" : "cart-2", r.Instance));
    }

    [Fact]
    public void Replicas_that_behave_alike_are_left_apart_and_counted()
    {
        var records = Minutes(60).SelectMany(m => new[]
        {
            Span("cart", "cart-1", m, SlowA(m)), Span("cart", "cart-2", m, SlowA(m)),
            Metric("cart", "10.0.3.7:8080", m, "latency_p95_ms", SlowA(m)), Metric("cart", "10.0.3.9:8080", m, "latency_p95_ms", SlowA(m)),
        }).ToList();
        var asRead = records.ToList();

        var (read, outcome) = InstanceAliases.Resolve(records);

        Assert.Empty(outcome.Aliases);
        Assert.Equal([("cart", 2)], outcome.Unmatched);
        Assert.Equal(asRead, read);
    }

    [Fact]
    public void A_replaced_pods_addresses_are_each_read_as_the_pod_alive_at_the_time()
    {
        var records = Minutes(60).SelectMany(m => m < 30
            ? new[] { Span("cart", "cart-7d9f-x2", m, 12), Metric("cart", "10.0.3.7:8080", m, "cpu_percent", 40) }
            : [Span("cart", "cart-7d9f-k4", m, 12), Metric("cart", "10.0.5.2:8080", m, "cpu_percent", 40)]).ToList();

        var (_, outcome) = InstanceAliases.Resolve(records);

        Assert.Equal([("cart", "10.0.3.7:8080", "cart-7d9f-x2"), ("cart", "10.0.5.2:8080", "cart-7d9f-k4")], outcome.Aliases);
    }

    [Fact]
    public void An_input_whose_kinds_name_pods_alike_is_left_as_read()
    {
        var records = Minutes(10).SelectMany(m => new[] { Span("cart", "cart-1", m, 12), Metric("cart", "cart-1", m, "cpu_percent", 40), Log("cart", "cart-1", m) }).ToList();

        var (read, outcome) = InstanceAliases.Resolve(records);

        Assert.Same(InstanceAliases.Outcome.None, outcome);
        Assert.Same(records, read);
    }

    [Fact]
    public void Reading_a_csv_whose_metrics_name_scrape_addresses_says_which_were_read_as_which_pod()
    {
        var lines = Minutes(3).SelectMany(m => new[]
        {
            $"{3 * m},{Start.AddMinutes(m):yyyy-MM-ddTHH:mm:ss.fffZ},span,cart,cart-7d9f-x2,GET /cart,12,,,{m + 1:x32},{1:x16},,",
            $"{(3 * m) + 1},{Start.AddMinutes(m):yyyy-MM-ddTHH:mm:ss.fffZ},metric,cart,10.0.3.7:8080,cpu_percent,40,,,,,,",
        }).ToArray();

        var input = MeltCsvText.ReadInput(_folder, lines);

        Assert.All(input.Records, static r => Assert.Equal("cart-7d9f-x2", r.Instance));
        Assert.Contains("1 pod name(s) used only by some kinds of record were read as the same pod's name in the others ('10.0.3.7:8080' as 'cart-7d9f-x2').", InputReport.Notes(input));
    }

    private static IEnumerable<int> Minutes(int count) => Enumerable.Range(0, count);

    private static double SlowA(int minute) => 20 + (10 * Math.Sin(minute / 3.0));

    private static double SlowB(int minute) => 20 + (10 * Math.Cos(minute / 7.0)) + (minute % 5);

    private static TelemetryRecord Span(string service, string instance, int minute, double milliseconds) =>
        new(0, Start.AddMinutes(minute).AddSeconds(5), TelemetryKind.Span, service, instance, "GET /", milliseconds, TraceId: $"t{minute}", SpanId: $"{instance}-{minute}");

    private static TelemetryRecord Log(string service, string instance, int minute) =>
        new(0, Start.AddMinutes(minute).AddSeconds(6), TelemetryKind.Log, service, instance, "log", 0, LogLevel.Info, Message: "served");

    private static TelemetryRecord Metric(string service, string instance, int minute, string name, double value) =>
        new(0, Start.AddMinutes(minute), TelemetryKind.Metric, service, instance, name, value);
}
