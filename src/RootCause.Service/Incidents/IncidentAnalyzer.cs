using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Ranking;
using AnomalyPlatform.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.RootCause.Incidents;

/// <summary>Turns a run's anomalies into explained incidents: group, rank candidates, explain (one explainer call per incident).</summary>
public sealed class IncidentAnalyzer(IOptions<RootCauseOptions> options, IRootCauseExplainer explainer)
{
    public Task<IReadOnlyList<IncidentReport>> AnalyzeAsync(
        string runId,
        IReadOnlyList<Detection> anomalies,
        IReadOnlyList<ServiceEdge> edges,
        IReadOnlyList<ChangeEvent> changes,
        CancellationToken cancellationToken) =>
        AnalyzeAsync(runId, anomalies, edges, changes, null, cancellationToken);

    /// <param name="behaviour">How each service's logs, call patterns and metrics changed over the run (null: not known).</param>
    public async Task<IReadOnlyList<IncidentReport>> AnalyzeAsync(
        string runId,
        IReadOnlyList<Detection> anomalies,
        IReadOnlyList<ServiceEdge> edges,
        IReadOnlyList<ChangeEvent> changes,
        RunBehaviour? behaviour,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(edges);
        ArgumentNullException.ThrowIfNull(changes);
        // The LLM calls start inside the loop below, so their spans are children of this one.
        using var activity = PipelineTelemetry.StartRankIncidents(runId);
        var settings = options.Value;
        var graph = new ServiceGraph(edges);
        var correlator = new ChangeCorrelator(changes, settings.ChangeWindow);
        var ranker = new RootCauseRanker(settings);
        var incidents = new IncidentGrouper(settings).Group(anomalies, graph);
        var orphans = behaviour is null ? null : new OrphanBackground(anomalies, behaviour.Calls);
        activity?.SetTag("anomaly.anomalies", anomalies.Count);
        activity?.SetTag("anomaly.incidents", incidents.Count);

        // Every incident is handed to the explainer in order before any answer is awaited: the explainer caps how many
        // calls run at once and reserves its call budget in this order, so the same incidents get the LLM on every run.
        var summaries = new IncidentSummary[incidents.Count];
        var explanations = new Task<RootCauseExplanation>[incidents.Count];
        var candidatesOf = new IReadOnlyList<RootCauseCandidate>[incidents.Count];
        for (var i = 0; i < incidents.Count; i++)
        {
            candidatesOf[i] = ranker.Rank(incidents[i], graph, correlator, behaviour, orphans);
            summaries[i] = IncidentSummaryBuilder.Build(runId, incidents[i], candidatesOf[i], edges, correlator);
            explanations[i] = explainer.ExplainAsync(summaries[i], cancellationToken);
        }

        PipelineTelemetry.IncidentsRanked(incidents.Count, runId);
        await Task.WhenAll(explanations).ConfigureAwait(false);

        var reports = new List<IncidentReport>(incidents.Count);
        for (var i = 0; i < incidents.Count; i++)
        {
            var incident = incidents[i];
            var explanation = await explanations[i].ConfigureAwait(false);
            var recordIds = new long[incident.Anomalies.Count];
            for (var r = 0; r < recordIds.Length; r++)
            {
                recordIds[r] = incident.Anomalies[r].RecordId;
            }

            reports.Add(new IncidentReport(
                incident.Id,
                incident.Start,
                incident.End,
                incident.Services,
                recordIds,
                candidatesOf[i],
                explanation.Text,
                explanation.Source,
                explanation.Model)
            {
                Isolated = incident.IsIsolated,
                // Read once, for the explainer's summary.
                TrafficChange = summaries[i].TrafficChange,
            });
        }

        return reports;
    }
}
