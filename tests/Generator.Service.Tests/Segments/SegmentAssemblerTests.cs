using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Generator.Segments;

namespace AnomalyPlatform.Generator.Tests.Segments;

public sealed class SegmentAssemblerTests
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private static TelemetryRecord[] Records(long from, int count) => Enumerable.Range(0, count)
        .Select(i => new TelemetryRecord(from + i, Start.AddSeconds(from + i), TelemetryKind.Metric, "cart", "cart-1", "cpu_percent", 1))
        .ToArray();

    private static List<TelemetrySegment> Feed(SegmentAssembler assembler, long records, int batch)
    {
        var slices = new List<TelemetrySegment>();
        for (long from = 0; from < records; from += batch)
        {
            slices.AddRange(assembler.Add(Records(from, (int)Math.Min(batch, records - from))));
        }

        assembler.EnsureComplete();
        return slices;
    }

    private static long[] Own(TelemetrySegment slice) =>
        slice.Records.Skip(slice.LeadingContext).Take(slice.Records.Count - slice.LeadingContext - slice.TrailingContext)
            .Select(r => r.RecordId).ToArray();

    [Theory]
    [InlineData(10_000, 3_000, 500, 7)]
    [InlineData(10_000, 3_000, 500, 4_096)]
    [InlineData(9_000, 3_000, 0, 1_000)]
    [InlineData(6_001, 2_000, 5_000, 333)]
    public void Own_records_of_the_segments_cover_the_run_once_in_order(long records, int segmentRecords, int context, int batch)
    {
        var assembler = new SegmentAssembler("run-t", records, segmentRecords, context);

        var slices = Feed(assembler, records, batch);

        Assert.Equal(assembler.SegmentCount, slices.Count);
        Assert.Equal(Enumerable.Range(0, slices.Count), slices.Select(s => s.Index));
        Assert.Equal(Enumerable.Range(0, (int)records).Select(i => (long)i), slices.SelectMany(Own));
    }

    [Fact]
    public void Each_segment_carries_the_neighbouring_records_as_context_and_none_past_the_run_edges()
    {
        var slices = Feed(new SegmentAssembler("run-t", 10_000, 4_000, 500), 10_000, 1_000);

        Assert.Equal([(0, 500), (500, 500), (500, 0)], slices.Select(s => (s.LeadingContext, s.TrailingContext)));
        Assert.Equal(3_500, slices[1].Records[0].RecordId);
        Assert.Equal(8_499, slices[1].Records[^1].RecordId);
        Assert.Equal(Enumerable.Range(0, slices[1].Records.Count).Select(i => 3_500L + i), slices[1].Records.Select(r => r.RecordId));
    }

    [Fact]
    public void Context_is_capped_at_one_segment_so_it_never_reaches_two_segments_away()
    {
        var slices = Feed(new SegmentAssembler("run-t", 9_000, 3_000, 10_000), 9_000, 2_000);

        Assert.Equal([(0, 3_000), (3_000, 3_000), (3_000, 0)], slices.Select(s => (s.LeadingContext, s.TrailingContext)));
    }

    [Fact]
    public void Segments_end_where_the_caller_cuts_them_with_context_no_longer_than_the_shortest_but_the_last()
    {
        var slices = Feed(new SegmentAssembler("run-t", 10_000, 4_000, 3_000, [3_500, 6_000, 10_000]), 10_000, 700);

        Assert.Equal([(0L, 3_499L), (3_500L, 5_999L), (6_000L, 9_999L)], slices.Select(s => { var own = Own(s); return (own[0], own[^1]); }));
        // The middle segment is 2,500 long: more context would read two segments away.
        Assert.Equal([(0, 2_500), (2_500, 2_500), (2_500, 0)], slices.Select(s => (s.LeadingContext, s.TrailingContext)));
    }

    [Fact]
    public void No_context_crosses_a_break_between_two_recordings()
    {
        var slices = Feed(new SegmentAssembler("run-t", 10_000, 4_000, 500, [3_000, 6_000, 10_000], breaks: [6_000]), 10_000, 700);

        Assert.Equal([(0, 500), (500, 0), (0, 0)], slices.Select(s => (s.LeadingContext, s.TrailingContext)));
        Assert.Equal([(0L, 2_999L), (3_000L, 5_999L), (6_000L, 9_999L)], slices.Select(s => { var own = Own(s); return (own[0], own[^1]); }));
        Assert.Equal(6_000L, slices[2].Records[0].RecordId);
    }

    [Fact]
    public void A_short_recording_alone_between_breaks_does_not_shorten_the_context_of_the_others()
    {
        // A recording of 200 records, then one of 9,800 in three segments: their context is 500, as without the first.
        var slices = Feed(new SegmentAssembler("run-t", 10_000, 4_000, 500, [200, 3_500, 7_000, 10_000], breaks: [200]), 10_000, 700);

        Assert.Equal([(0, 0), (0, 500), (500, 500), (500, 0)], slices.Select(s => (s.LeadingContext, s.TrailingContext)));
    }

    [Theory]
    [InlineData(5_000)]
    [InlineData(10_000)]
    public void A_break_anywhere_but_between_two_segments_is_refused(long cut)
    {
        Assert.Throws<ArgumentException>(() => new SegmentAssembler("run-t", 10_000, 4_000, 100, [3_000, 6_000, 10_000], breaks: [cut]));
    }

    [Theory]
    [InlineData(new long[] { 5_000, 10_000 })]
    [InlineData(new long[] { 3_000, 2_000, 10_000 })]
    [InlineData(new long[] { 3_000, 6_000 })]
    public void Cuts_longer_than_a_segment_out_of_order_or_short_of_the_run_are_refused(long[] ends)
    {
        Assert.Throws<ArgumentException>(() => new SegmentAssembler("run-t", 10_000, 4_000, 100, ends));
    }

    [Fact]
    public void Run_no_longer_than_one_segment_is_one_segment_without_context()
    {
        var slice = Assert.Single(Feed(new SegmentAssembler("run-t", 2_500, 250_000, 10_000), 2_500, 1_000));

        Assert.Equal((0, 0, 0, 2_500), (slice.Index, slice.LeadingContext, slice.TrailingContext, slice.Records.Count));
    }

    [Fact]
    public void Segment_is_emitted_as_soon_as_its_trailing_context_is_in()
    {
        var assembler = new SegmentAssembler("run-t", 10_000, 4_000, 500);

        Assert.Empty(assembler.Add(Records(0, 4_499)));
        var first = Assert.Single(assembler.Add(Records(4_499, 1)));
        Assert.Equal(0, first.Index);
    }

    [Fact]
    public void More_records_than_announced_are_refused_and_a_short_run_is_reported_incomplete()
    {
        var tooMany = new SegmentAssembler("run-t", 1_000, 600, 100);
        var tooFew = new SegmentAssembler("run-t", 1_000, 600, 100);
        tooFew.Add(Records(0, 900));

        Assert.Throws<InvalidOperationException>(() => tooMany.Add(Records(0, 1_001)));
        var error = Assert.Throws<InvalidOperationException>(tooFew.EnsureComplete);
        Assert.Contains("ended after 900", error.Message, StringComparison.Ordinal);
    }
}
