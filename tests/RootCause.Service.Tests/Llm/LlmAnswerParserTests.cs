using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Tests.Support;

namespace AnomalyPlatform.RootCause.Tests.Llm;

public sealed class LlmAnswerParserTests
{
    [Fact]
    public void Valid_answer_becomes_the_root_cause_text()
    {
        var text = LlmAnswerParser.TryParse(
            """{"root_cause_service":"Payment","fault_kind":"bad deploy","explanation":"Roll back the payment deploy."}""",
            Summaries.PaymentOutage());

        Assert.Equal("Root cause: payment (bad deploy). Roll back the payment deploy.", text);
    }

    [Fact]
    public void Answer_in_a_markdown_fence_is_accepted()
    {
        var text = LlmAnswerParser.TryParse(
            "```json\n{\"root_cause_service\":\"checkout\",\"explanation\":\"Look at checkout.\"}\n```", Summaries.PaymentOutage());

        Assert.Equal("Root cause: checkout. Look at checkout.", text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json at all")]
    [InlineData("""{"root_cause_service":"payment"}""")]
    [InlineData("""{"root_cause_service":"payment","explanation":"   "}""")]
    [InlineData("""{"root_cause_service":"billing","explanation":"A service outside the incident."}""")]
    [InlineData("""["payment"]""")]
    public void Empty_malformed_or_off_incident_answers_are_rejected(string answer)
    {
        Assert.Null(LlmAnswerParser.TryParse(answer, Summaries.PaymentOutage()));
    }
}
