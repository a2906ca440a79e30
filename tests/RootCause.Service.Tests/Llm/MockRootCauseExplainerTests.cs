using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Tests.Support;

namespace AnomalyPlatform.RootCause.Tests.Llm;

public sealed class MockRootCauseExplainerTests
{
    [Fact]
    public async Task Mock_explanation_is_deterministic_and_names_the_top_candidate()
    {
        var explainer = new MockRootCauseExplainer();

        var first = await explainer.ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);
        var second = await explainer.ExplainAsync(Summaries.PaymentOutage(), CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(ExplanationSources.Mock, first.Source);
        Assert.Null(first.Model);
        // The instance most of its anomalies are at is named: this text stays on the machine (the prompt has no instance).
        Assert.StartsWith("Most likely root cause: payment at payment-0 (bad_deploy", first.Text, StringComparison.Ordinal);
        Assert.Contains("deploy just before the symptoms", first.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("traffic", first.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_traffic_change_is_said_to_be_one_and_not_paged()
    {
        var explanation = await new MockRootCauseExplainer().ExplainAsync(Summaries.PaymentOutage() with { TrafficChange = true }, CancellationToken.None);

        Assert.StartsWith("Most likely root cause: payment", explanation.Text, StringComparison.Ordinal);
        Assert.EndsWith("Mostly a change in traffic (requests, network bytes), not in symptoms: a load change more likely than a fault; not paged.", explanation.Text, StringComparison.Ordinal);
    }
}
