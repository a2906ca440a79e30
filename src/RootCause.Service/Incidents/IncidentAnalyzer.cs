using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Ranking;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>Turns a run's anomalies into explained incidents: group, rank candidates, explain (one explainer call per incident).</summary>
public sealed class IncidentAnalyzer(IOptions<RootCauseOptions> options, IRootCauseExplainer explainer)
{
    public async Task<IReadOnlyList<IncidentReport>> AnalyzeAsync(
        string runId,
        IReadOnlyList<Detection> anomalies,
        IReadOnlyList<ServiceEdge> edges,
        IReadOnlyList<ChangeEvent> changes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(changes);
        var settings = options.Value;
        var graph = new ServiceGraph(edges);
        var correlator = new ChangeCorrelator(changes, settings.ChangeWindow);
        var ranker = new RootCauseRanker(settings);
        var incidents = new IncidentGrouper(settings.IncidentGap, settings.MaxIncidentDuration).Group(anomalies, graph);

        var reports = new List<IncidentReport>(incidents.Count);
        foreach (var incident in incidents)
        {
            var candidates = ranker.Rank(incident, graph, correlator);
            var summary = IncidentSummaryBuilder.Build(runId, incident, candidates, edges, correlator);
            var explanation = await explainer.ExplainAsync(summary, cancellationToken).ConfigureAwait(false);

            var recordIds = new long[incident.Anomalies.Count];
            for (var i = 0; i < recordIds.Length; i++)
            {
                recordIds[i] = incident.Anomalies[i].RecordId;
            }

            reports.Add(new IncidentReport(
                incident.Id,
                incident.Start,
                incident.End,
                incident.Services,
                recordIds,
                candidates,
                explanation.Text,
                explanation.Source,
                explanation.Model));
        }

        return reports;
    }
}
