using AnomalyPlatform.Cli.Analyze;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>A recording is one detection segment for as long as half the memory available holds it; a configured size is taken as it is.</summary>
public sealed class AnalysisSegmentSizeTests
{
    private const long GiB = 1L << 30;

    [Fact]
    public void Half_of_24_gib_holds_a_segment_of_about_six_million_records()
    {
        Assert.Equal(6_291_456, AnalysisSegmentSize.Of(configured: null, 24 * GiB));
    }

    [Fact]
    public void A_small_machine_still_analyses_a_million_records_whole_as_a_synthetic_run_does()
    {
        Assert.Equal(1_000_000, AnalysisSegmentSize.Of(configured: null, 2 * GiB));
        Assert.Equal(1_000_000, AnalysisSegmentSize.Of(configured: null, 0));
    }

    [Fact]
    public void A_segment_size_set_in_the_configuration_is_taken_as_it_is()
    {
        Assert.Equal(250_000, AnalysisSegmentSize.Of(configured: 250_000, 24 * GiB));
    }
}
