using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.ServiceDefaults.Tests.Text;

public sealed class MissingValueTextTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("NaN")]
    [InlineData(" nan ")]
    [InlineData("-NaN")]
    [InlineData("NA")]
    [InlineData("N/A")]
    [InlineData("n/a")]
    [InlineData("null")]
    [InlineData("NULL")]
    [InlineData("None")]
    [InlineData("#N/A")]
    [InlineData("<NA>")]
    [InlineData("-1.#IND")]
    [InlineData("1.#QNAN")]
    public void An_exports_marker_for_a_value_it_does_not_have_is_missing(string text) =>
        Assert.True(MissingValueText.IsMissing(text));

    [Theory]
    [InlineData("0")]
    [InlineData("-12.5")]
    [InlineData("+3")]
    [InlineData(".5")]
    [InlineData("1e-3")]
    [InlineData("abc")]
    [InlineData("none yet")]
    [InlineData("Infinity")]
    [InlineData("-")]
    public void A_number_or_any_other_text_is_not(string text) =>
        Assert.False(MissingValueText.IsMissing(text));
}
