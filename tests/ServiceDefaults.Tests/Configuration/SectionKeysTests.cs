using AnomalyPlatform.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;

namespace AnomalyPlatform.ServiceDefaults.Tests.Configuration;

public sealed class SectionKeysTests
{
    private static IReadOnlyList<string> Unknown(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(static s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return SectionKeys.Unknown(configuration, "Sample", typeof(SampleOptions), "a sample setting", "Elsewhere");
    }

    [Fact]
    public void A_misspelt_key_is_named_with_the_keys_there_are()
    {
        var unknown = Unknown(("Sample:Thresold", "3"));

        Assert.Equal(["Sample:Thresold is not a sample setting; known: Threshold, Names, Limits, Nested, Elsewhere."], unknown);
    }

    [Fact]
    public void Keys_the_binder_fills_are_settings_in_any_letter_case_with_whatever_is_under_them()
    {
        var unknown = Unknown(
            ("Sample:threshold", "3"),
            ("Sample:Names:0", "a"),
            ("Sample:Limits:cpu", "0.9"),
            ("Sample:Nested:Depth", "2"),
            ("Sample:ELSEWHERE", "read by another program"));

        Assert.Empty(unknown);
    }

    [Theory]
    [InlineData("Window")]
    [InlineData("Label")]
    [InlineData("Points")]
    [InlineData("Hidden")]
    public void A_key_naming_a_property_the_binder_cannot_set_is_refused(string key)
    {
        var unknown = Unknown(($"Sample:{key}", "1"));

        Assert.StartsWith($"Sample:{key} is not a sample setting;", Assert.Single(unknown), StringComparison.Ordinal);
    }

    private sealed class SampleOptions
    {
        public int Threshold { get; set; }

        public IList<string> Names { get; } = [];

        public IDictionary<string, double> Limits { get; } = new Dictionary<string, double>();

        public NestedOptions Nested { get; } = new();

        public TimeSpan Window => TimeSpan.FromSeconds(Threshold);

        public string Label => "sample";

        public int[] Points { get; } = [];

        public int Hidden { get; private set; }
    }

    private sealed class NestedOptions
    {
        public int Depth { get; set; }
    }
}
