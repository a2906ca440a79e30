using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>Incident summaries built through the real grouper, ranker and summary builder.</summary>
internal static class Summaries
{
    public static IncidentSummary PaymentOutage(string runId = "run-test", IReadOnlyList<Detection>? anomalies = null, IReadOnlyList<ChangeEvent>? changes = null)
    {
        anomalies ??=
        [
            Anomalies.At(1, "payment", 0, "error_log_burst"), Anomalies.At(2, "payment", 10, "error_log_burst"),
            Anomalies.At(3, "checkout", 40), Anomalies.At(4, "api-gateway", 70),
        ];
        changes ??= [new ChangeEvent(77, Anomalies.T0.AddMinutes(-3), "payment", "payment-0", "deploy")];
        var options = new RootCauseOptions();
        var graph = new ServiceGraph(Anomalies.ShopEdges);
        var incident = new IncidentGrouper(options.IncidentGap, options.MaxIncidentDuration).Group(anomalies, graph)[0];
        var candidates = new RootCauseRanker(options).Rank(incident, graph, new ChangeCorrelator(changes, options.ChangeWindow));
        return IncidentSummaryBuilder.Build(runId, incident, candidates, Anomalies.ShopEdges, new ChangeCorrelator(changes, options.ChangeWindow));
    }

    /// <summary>A payment outage whose <paramref name="variant"/> sets payment's anomaly count, so that each variant makes a different prompt.</summary>
    public static IncidentSummary PaymentOutageVariant(int variant, string runId = "run-test")
    {
        var anomalies = new List<Detection>();
        for (var i = 0; i <= variant; i++)
        {
            anomalies.Add(Anomalies.At(100 + i, "payment", i, "error_log_burst"));
        }

        anomalies.Add(Anomalies.At(1, "checkout", 40));
        anomalies.Add(Anomalies.At(2, "api-gateway", 70));
        return PaymentOutage(runId, anomalies);
    }
}
