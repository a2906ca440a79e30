using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>How finely a kind of record is stamped: the coarsest of a second, a millisecond and a microsecond its times are whole numbers of.</summary>
public sealed class StampResolutionTests
{
    private static readonly DateTime Noon = new(2024, 5, 1, 12, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(new long[] { 0, TimeSpan.TicksPerSecond * 7 }, TimeSpan.TicksPerSecond)]
    [InlineData(new long[] { 0, TimeSpan.TicksPerMillisecond * 1234 }, TimeSpan.TicksPerMillisecond)]
    [InlineData(new long[] { TimeSpan.TicksPerMicrosecond * 3, TimeSpan.TicksPerSecond }, TimeSpan.TicksPerMicrosecond)]
    [InlineData(new long[] { 5, TimeSpan.TicksPerSecond }, 1L)]
    public void The_coarsest_step_every_stamp_is_a_whole_number_of_is_the_resolution(long[] offsets, long resolution)
    {
        var spans = offsets.Select(static (ticks, i) => Span(Noon.AddTicks(ticks), $"s{i}")).ToList();

        Assert.Equal(resolution, StampResolution.Of(spans, TelemetryKind.Span));
        Assert.Equal(resolution, SpanTimes.Of(spans).Resolution);
    }

    [Fact]
    public void Records_of_other_kinds_do_not_set_a_kinds_resolution()
    {
        List<TelemetryRecord> records =
        [
            Span(Noon.AddMilliseconds(250), "a"),
            new(1, Noon.AddTicks(3), TelemetryKind.Log, "api", "api-1", "log", 0, LogLevel.Info, Message: "done"),
        ];

        Assert.Equal(TimeSpan.TicksPerMillisecond, StampResolution.Of(records, TelemetryKind.Span));
        Assert.Equal(1L, StampResolution.Of(records, TelemetryKind.Log));
        Assert.Equal(TimeSpan.TicksPerSecond, StampResolution.Of(records, TelemetryKind.Metric));
    }

    private static TelemetryRecord Span(DateTime at, string id) =>
        new(0, at, TelemetryKind.Span, "api", "api-1", "GET /", 12.5, TraceId: "t1", SpanId: id);
}
