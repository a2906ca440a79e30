using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Tests.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Output;

public sealed class AnomaliesFileSizeTests(ITestOutputHelper output)
{
    private const int AnomalyCount = 50_000;
    private const int PerIncident = 200;

    /// <summary>250 incidents of 200 anomalies over five connected services, 20 minutes apart, as a 1M-record run makes.</summary>
    private static List<Detection> FiftyThousandAnomalies()
    {
        string[] services = ["payment", "checkout", "api-gateway", "frontend", "inventory"];
        string[] types = [AnomalyTypes.ErrorLogBurst, AnomalyTypes.MetricSpike, AnomalyTypes.LatencySpike, AnomalyTypes.MissingSpan];
        var anomalies = new List<Detection>(AnomalyCount);
        for (var i = 0; i < AnomalyCount; i++)
        {
            var incident = i / PerIncident;
            var within = i % PerIncident;
            var service = services[within % services.Length];
            anomalies.Add(At(
                i * 7L, service, incident * 1_200 + within % 120, types[within % types.Length],
                confidence: 0.6 + within % 40 / 100.0, name: "latency_p95_ms") with
            {
                Reasons = [$"statistical: z-score {(3 + within % 5).ToString(CultureInfo.InvariantCulture)} on latency_p95_ms", "ensemble: 2 of 3 models"],
            });
        }

        return anomalies;
    }

    [Fact]
    public async Task Fifty_thousand_anomalies_stay_under_55_megabytes_with_compact_per_anomaly_candidates()
    {
        using var folder = new TempFolder();
        var anomalies = FiftyThousandAnomalies();
        var analyzer = new IncidentAnalyzer(Options.Create(new RootCauseOptions()), new MockRootCauseExplainer());
        var incidents = await analyzer.AnalyzeAsync("run-size", anomalies, ShopEdges, [], CancellationToken.None);

        var path = await new AnomaliesJsonWriter().WriteAsync(folder.Path, "run-size", anomalies, incidents, CancellationToken.None);

        var bytes = new FileInfo(path).Length;
        output.WriteLine($"anomalies.json for {AnomalyCount} anomalies in {incidents.Count} incidents: {bytes} bytes ({bytes / 1_048_576.0:0.0} MB)");
        Assert.Equal(AnomalyCount / PerIncident, incidents.Count);
        // Schema 1 (full candidates with evidence and an indented layout in every anomaly) wrote 184 MB for this input.
        Assert.InRange(bytes, 1, 55L * 1024 * 1024);
    }
}
