using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Tests.Support;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Output;

public sealed class AnomaliesJsonWriterTests
{
    private static readonly RootCauseCandidate[] Candidates =
    [
        new(1, "payment", AnomalyTypes.ErrorLogBurst, 0.6, ["anomalies began first, at 2025-01-01T12:00:00Z", "checkout -> payment"]),
        new(2, "checkout", AnomalyTypes.MetricSpike, 0.3, ["anomalies began at 2025-01-01T12:00:30Z, 30 s after payment"]),
    ];

    private static readonly Detection[] Detections =
    [
        At(12, "checkout", 30), At(5, "payment", 0, AnomalyTypes.ErrorLogBurst), At(40, "search", 900),
    ];

    private static readonly IncidentReport[] Incidents =
    [
        new("DET-0001", T0, T0.AddSeconds(30), ["payment", "checkout"], [5, 12], Candidates, "Most likely root cause: payment.", "mock", null),
        new("DET-0002", T0.AddSeconds(900), T0.AddSeconds(900), ["search"], [40],
            [new RootCauseCandidate(1, "search", AnomalyTypes.MetricSpike, 1.0, ["only service"])], "Root cause: search. Cache miss storm.", "llm", "gemma2-9b-it")
        {
            Isolated = true,
        },
    ];

    [Fact]
    public async Task File_has_the_documented_schema_with_anomalies_in_record_id_order()
    {
        using var folder = new TempFolder();

        var path = await new AnomaliesJsonWriter().WriteAsync(folder.Path, "run-1", Detections, Incidents, CancellationToken.None);

        using var document = JsonDocument.Parse(await File.ReadAllBytesAsync(path));
        var root = document.RootElement;
        Assert.Equal(Path.Combine(folder.Path, "anomalies.json"), path);
        Assert.Equal("run-1", root.GetProperty("run_id").GetString());
        Assert.Equal(2, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(3, root.GetProperty("anomaly_count").GetInt32());
        Assert.Equal(2, root.GetProperty("incident_count").GetInt32());

        var anomalies = root.GetProperty("anomalies").EnumerateArray().ToArray();
        Assert.Equal([5L, 12L, 40L], anomalies.Select(a => a.GetProperty("record_id").GetInt64()));
        Assert.Equal(["ANOM-000001", "ANOM-000002", "ANOM-000003"], anomalies.Select(a => a.GetProperty("anomaly_id").GetString()));

        var first = anomalies[0];
        Assert.Equal("2025-01-01T12:00:00Z", first.GetProperty("timestamp").GetString());
        Assert.Equal("payment", first.GetProperty("service").GetString());
        Assert.Equal("payment-0", first.GetProperty("instance").GetString());
        Assert.Equal("metric", first.GetProperty("kind").GetString());
        Assert.Equal("latency_p95_ms", first.GetProperty("name").GetString());
        Assert.Equal(AnomalyTypes.ErrorLogBurst, first.GetProperty("detected_type").GetString());
        Assert.InRange(first.GetProperty("confidence").GetDouble(), 0.0, 1.0);
        Assert.Equal(0.9, first.GetProperty("scores").GetProperty("statistical").GetDouble());
        Assert.Equal(0.9, first.GetProperty("scores").GetProperty("ensemble").GetDouble());
        Assert.Single(first.GetProperty("reasons").EnumerateArray());
        Assert.Equal("DET-0001", first.GetProperty("incident_id").GetString());
        Assert.Equal("Most likely root cause: payment.", first.GetProperty("root_cause").GetString());
        Assert.Equal("mock", first.GetProperty("root_cause_source").GetString());
        var candidate = first.GetProperty("candidates")[0];
        Assert.Equal(1, candidate.GetProperty("rank").GetInt32());
        Assert.Equal("payment", candidate.GetProperty("service").GetString());
        Assert.Equal(AnomalyTypes.ErrorLogBurst, candidate.GetProperty("fault_kind").GetString());
        Assert.Equal(0.6, candidate.GetProperty("confidence").GetDouble());
        Assert.False(candidate.TryGetProperty("evidence", out _));
        Assert.Equal(2, first.GetProperty("candidates").GetArrayLength());
        Assert.Equal("DET-0002", anomalies[2].GetProperty("incident_id").GetString());
        Assert.Equal("llm", anomalies[2].GetProperty("root_cause_source").GetString());

        var incident = root.GetProperty("incidents")[1];
        Assert.Equal("DET-0002", incident.GetProperty("incident_id").GetString());
        Assert.Equal("2025-01-01T12:15:00Z", incident.GetProperty("start").GetString());
        Assert.Equal("2025-01-01T12:15:00Z", incident.GetProperty("end").GetString());
        Assert.Equal(["search"], incident.GetProperty("services").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, incident.GetProperty("anomaly_count").GetInt32());
        Assert.Equal(1, incident.GetProperty("candidates").GetArrayLength());
        Assert.Equal(2, root.GetProperty("incidents")[0].GetProperty("candidates")[0].GetProperty("evidence").GetArrayLength());
        Assert.Equal("llm", incident.GetProperty("root_cause_source").GetString());
        Assert.Equal("gemma2-9b-it", incident.GetProperty("root_cause_model").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("incidents")[0].GetProperty("root_cause_model").ValueKind);
        // A lone point at search is listed, not paged.
        Assert.True(incident.GetProperty("isolated").GetBoolean());
        Assert.False(incident.GetProperty("paged").GetBoolean());
        Assert.False(root.GetProperty("incidents")[0].GetProperty("isolated").GetBoolean());
        Assert.False(root.GetProperty("incidents")[0].GetProperty("traffic_change").GetBoolean());
        Assert.True(root.GetProperty("incidents")[0].GetProperty("paged").GetBoolean());
        Assert.False(root.GetProperty("incidents")[0].TryGetProperty("not_paged_because", out _));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public async Task Each_anomaly_is_written_on_one_line()
    {
        using var folder = new TempFolder();

        var path = await new AnomaliesJsonWriter().WriteAsync(folder.Path, "run-1", Detections, Incidents, CancellationToken.None);

        var lines = await File.ReadAllLinesAsync(path);
        Assert.Equal(3, lines.Count(l => l.TrimStart().StartsWith("{\"anomaly_id\":\"ANOM-", StringComparison.Ordinal)));
        Assert.All(lines.Where(l => l.Contains("\"anomaly_id\"", StringComparison.Ordinal)), l => Assert.EndsWith("}", l.TrimEnd(',')));
    }

    [Fact]
    public async Task Same_input_in_any_order_gives_identical_bytes()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var writer = new AnomaliesJsonWriter();

        var a = await writer.WriteAsync(first.Path, "run-1", Detections, Incidents, CancellationToken.None);
        var b = await writer.WriteAsync(second.Path, "run-1", Detections.Reverse().ToArray(), Incidents, CancellationToken.None);

        var bytes = await File.ReadAllBytesAsync(a);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(b));
        Assert.DoesNotContain((byte)'\r', bytes);
    }

    [Fact]
    public async Task Anomaly_outside_every_incident_is_an_error_not_a_silent_gap()
    {
        using var folder = new TempFolder();
        Detection[] orphan = [.. Detections, At(99, "cart", 10)];

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new AnomaliesJsonWriter().WriteAsync(folder.Path, "run-1", orphan, Incidents, CancellationToken.None));
    }
}
