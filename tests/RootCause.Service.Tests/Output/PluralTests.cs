using AnomalyPlatform.RootCause.Output;

namespace AnomalyPlatform.RootCause.Tests.Output;

public sealed class PluralTests
{
    [Theory]
    [InlineData(0, "0 incidents")]
    [InlineData(1, "1 incident")]
    [InlineData(2, "2 incidents")]
    public void A_count_of_one_takes_the_singular(long count, string expected) => Assert.Equal(expected, Plural.Of(count, "incident"));

    [Fact]
    public void An_irregular_plural_and_a_format_are_used_as_given() =>
        Assert.Equal(("1 anomaly", "1,234 anomalies", "holds", "hold"),
            (Plural.Of(1, "anomaly", "anomalies"), Plural.Of(1234, "anomaly", "anomalies", "N0"), Plural.Word(1, "holds", "hold"), Plural.Word(3, "holds", "hold")));
}
