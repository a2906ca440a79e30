using System.Globalization;
using System.Text;
using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults.Output;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>
/// A small run folder written by hand with the run's own writers: two detected incidents (the first overlapping one
/// injected incident), metric readings every 10 s for three services over 20 minutes, an evaluation of two models and
/// the time per stage. The explanation and one piece of evidence hold markup, as a hostile log line or LLM answer could.
/// </summary>
internal static class ReportRun
{
    public const string HostileText = "<script>alert('x')</script> & \"quoted\"";

    public static readonly string[] Services = ["checkout", "payment", "search"];

    public static readonly IReadOnlyList<ServiceEdge> Edges = [Edge("frontend", "checkout"), Edge("checkout", "payment"), Edge("checkout", "inventory")];

    public static ReportExtras Extras { get; } = new(
        Edges,
        new Dictionary<string, IReadOnlyList<PrPoint>>
        {
            [ModelNames.Statistical] = [new(0.2, 1.0), new(0.6, 0.8), new(1.0, 0.1)],
            [ModelNames.Ensemble] = [new(0.5, 1.0), new(0.9, 0.9), new(1.0, 0.2)],
        });

    /// <summary>Writes the folder's files; metric record ids start at 1000 (the anomalies' ids are below).</summary>
    /// <param name="withInjectedIncidents">False for a labelled run that injected no incident: an empty incidents.json, AC@k null.</param>
    public static async Task WriteAsync(string folder, bool withLabels = true, bool withInjectedIncidents = true)
    {
        // Anomalies are the readings themselves, so that their values lie on the drawn series.
        Detection[] detections =
        [
            At(1000 + Index(300, 1), "payment", 300, name: "latency_p95_ms"),
            At(1000 + Index(330, 1), "payment", 330, name: "latency_p95_ms"),
            At(7, "payment", 310, AnomalyTypes.ErrorLogBurst, kind: TelemetryKind.Log, name: "payment_failed"),
            At(1000 + Index(360, 0), "checkout", 360, name: "latency_p95_ms"),
            At(1000 + Index(900, 2), "search", 900, name: "cpu_percent"),
        ];
        var candidates = new RootCauseCandidate[]
        {
            new(1, "payment", FaultTypes.CpuHog, 0.8, ["anomalies began first", HostileText]),
            new(2, "checkout", AnomalyTypes.MetricSpike, 0.2, ["called by anomalous frontend"]),
        };
        IncidentReport[] incidents =
        [
            new("DET-0001", T0.AddSeconds(300), T0.AddSeconds(360), ["payment", "checkout"], [detections[0].RecordId, detections[1].RecordId, 7, detections[3].RecordId],
                candidates, "Most likely root cause: payment. " + HostileText, "mock", null),
            new("DET-0002", T0.AddSeconds(900), T0.AddSeconds(900), ["search"], [detections[4].RecordId],
                [new RootCauseCandidate(1, "search", AnomalyTypes.MetricSpike, 1.0, ["only service"])], "Root cause: search.", "mock", null)
            {
                // One stray point: listed and drawn while there is room, not paged.
                Isolated = true,
            },
        ];
        await new AnomaliesJsonWriter().WriteAsync(folder, "run-report", detections, incidents, CancellationToken.None);
        await File.WriteAllTextAsync(Path.Combine(folder, OutputFiles.SyntheticData), Csv());
        if (!withLabels)
        {
            return;
        }

        GroundTruthIncident[] truth = withInjectedIncidents
            ? [new("INC-0001", "payment", "payment-0", FaultTypes.CpuHog, T0.AddSeconds(280), T0.AddSeconds(400), ["payment", "checkout"])]
            : [];
        await File.WriteAllTextAsync(Path.Combine(folder, OutputFiles.Incidents), JsonSerializer.Serialize(truth.ToList(), ContractsJsonContext.Default.ListGroundTruthIncident));
        await ReportFiles.WriteAsync(Path.Combine(folder, OutputFiles.Evaluation), Evaluation(withInjectedIncidents), ReportJsonContext.Default.EvaluationReport, CancellationToken.None);
        await ReportFiles.WriteAsync(Path.Combine(folder, OutputFiles.Performance), Performance(), ReportJsonContext.Default.PerformanceReport, CancellationToken.None);
    }

    private static long Index(int second, int service) => second / 10 * Services.Length + service;

    private static string Csv()
    {
        var csv = new StringBuilder("record_id,timestamp,kind,service,instance,name,value,level,status,trace_id,span_id,parent_span_id,message\n");
        for (var second = 0; second <= 1200; second += 10)
        {
            for (var service = 0; service < Services.Length; service++)
            {
                var spike = second is >= 300 and <= 360 && service < 2 || second == 900 && service == 2 ? 5 : 1;
                var value = (20 + 3 * Math.Sin(second / 60.0) + service) * spike;
                var name = service == 2 ? "cpu_percent" : "latency_p95_ms";
                csv.Append(1000 + Index(second, service)).Append(',').Append(T0.AddSeconds(second).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))
                    .Append(",metric,").Append(Services[service]).Append(',').Append(Services[service]).Append("-0,").Append(name).Append(',')
                    .Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append(",,,,,,\n");
            }
        }

        return csv.ToString();
    }

    private static EvaluationReport Evaluation(bool withInjectedIncidents)
    {
        var perType = new Dictionary<string, TypeReport>
        {
            [AnomalyTypes.MetricSpike] = new(20, 15, 0, 1, 0.75, 0.857, true),
            [AnomalyTypes.ErrorLogBurst] = new(1, 1, 0, 1, 1, 1),
        };
        return new EvaluationReport(
            3630,
            new Dictionary<string, ModelReport>
            {
                [ModelNames.Statistical] = new(1, 0.8, 0.889, 4, 0, 1, perType, 0.95, 0.8) { IntendedRecallTarget = ModelPurposes.RecallTarget },
                [ModelNames.Ensemble] = new(1, 0.8, 0.889, 4, 0, 1, perType, 0.97, 0.9) { IntendedRecallTarget = ModelPurposes.RecallTarget },
            },
            withInjectedIncidents
                ? new RootCauseReport(1, 1, 1, 1) { IncidentRelations = new IncidentRelations(2, 1, 0, 1, 0) }
                : new RootCauseReport(0, 0, null, null) { IncidentRelations = new IncidentRelations(2, 0, 0, 1, 1) });
    }

    private static PerformanceReport Performance() => new(
        3630, 2.5, 150, 40,
        new Dictionary<string, StageReport> { ["generate"] = new(0.5, 80, 10, 3630), ["detect"] = new(1.5, 140, 35, 3630), ["root_cause"] = new(0.3, 150, 40, 1) },
        EnvironmentReport.OfThisProcess());
}
