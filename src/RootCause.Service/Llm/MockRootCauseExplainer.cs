namespace AnomalyPlatform.RootCause.Llm;

/// <summary>The default explainer: deterministic offline text from the ranked candidates, for tests, demos and runs without a network.</summary>
public sealed class MockRootCauseExplainer : IRootCauseExplainer
{
    public Task<RootCauseExplanation> ExplainAsync(IncidentSummary incident, CancellationToken cancellationToken) =>
        Task.FromResult(new RootCauseExplanation(CandidateNarrative.Write(incident), ExplanationSources.Mock, null));
}
