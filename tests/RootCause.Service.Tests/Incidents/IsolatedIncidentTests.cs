using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Incidents;
using AnomalyPlatform.RootCause.Llm;
using Microsoft.Extensions.Options;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Incidents;

public sealed class IsolatedIncidentTests
{
    [Fact]
    public async Task A_group_of_stray_points_is_listed_and_ranked_but_marked_not_to_be_paged()
    {
        // payment: a sustained episode (strong anomalies every 30 s for five minutes); two hours later one weak stray point.
        var anomalies = new List<Detection>();
        for (var i = 0; i < 10; i++)
        {
            anomalies.Add(At(i, "payment", i * 30, confidence: 0.9));
        }

        anomalies.Add(At(100, "inventory", 7_200, confidence: 0.55));
        var explainer = new CountingExplainer();
        var analyzer = new IncidentAnalyzer(Options.Create(new RootCauseOptions()), explainer);

        var incidents = await analyzer.AnalyzeAsync("run", anomalies, ShopEdges, [], CancellationToken.None);

        Assert.Equal(2, incidents.Count);
        Assert.False(incidents[0].Isolated);
        Assert.Equal(ExplanationSources.Mock, incidents[0].ExplanationSource);
        var stray = incidents[1];
        Assert.True(stray.Isolated);
        Assert.Equal("inventory", Assert.Single(stray.Candidates).Service);
        Assert.Equal(2, explainer.Calls);
    }

    private sealed class CountingExplainer : IRootCauseExplainer
    {
        private readonly MockRootCauseExplainer _inner = new();
        private int _calls;

        public int Calls => _calls;

        public Task<RootCauseExplanation> ExplainAsync(IncidentSummary incident, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return _inner.ExplainAsync(incident, cancellationToken);
        }
    }
}
