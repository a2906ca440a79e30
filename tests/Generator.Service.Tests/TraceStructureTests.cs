using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Generator.Tests;

public sealed class TraceStructureTests
{
    private static long Micros(double milliseconds) => (long)Math.Round(milliseconds * 1000);

    [Fact]
    public void Spans_nest_in_their_parents_and_only_labelled_spans_are_orphans()
    {
        var run = GeneratedRun.Create(30_000);
        var seen = new Dictionary<string, TelemetryRecord>();
        var orphans = 0;

        foreach (var (record, label) in run.Rows.Where(r => r.Record.Kind == TelemetryKind.Span))
        {
            Assert.True(seen.TryAdd(record.SpanId!, record), $"duplicate span id {record.SpanId}");
            if (record.ParentSpanId is null)
            {
                Assert.NotEqual(AnomalyTypes.MissingSpan, label.AnomalyType);
                continue;
            }

            if (!seen.TryGetValue(record.ParentSpanId, out var parent))
            {
                orphans++;
                Assert.Equal(AnomalyTypes.MissingSpan, label.AnomalyType);
                continue;
            }

            Assert.NotEqual(AnomalyTypes.MissingSpan, label.AnomalyType);
            Assert.Equal(parent.TraceId, record.TraceId);
            Assert.True(record.Timestamp >= parent.Timestamp, $"span {record.SpanId} starts before its parent");
            var childEnd = record.Timestamp.Ticks / 10 + Micros(record.Value);
            var parentEnd = parent.Timestamp.Ticks / 10 + Micros(parent.Value);
            Assert.True(childEnd <= parentEnd, $"span {record.SpanId} ends after its parent");
        }

        Assert.True(orphans > 0, "the run should contain injected missing spans");
        Assert.Equal(orphans, run.Labels.Count(l => l.AnomalyType == AnomalyTypes.MissingSpan));
    }

    [Fact]
    public void Trace_and_span_ids_are_lowercase_hex_of_w3c_length()
    {
        var run = GeneratedRun.Create(5_000);

        var spans = run.Records.Where(r => r.Kind == TelemetryKind.Span).ToList();

        Assert.NotEmpty(spans);
        Assert.All(spans, s =>
        {
            Assert.Matches("^[0-9a-f]{32}$", s.TraceId);
            Assert.Matches("^[0-9a-f]{16}$", s.SpanId);
            Assert.NotNull(s.Status);
            Assert.Null(s.Level);
        });
    }

    [Fact]
    public void Parent_duration_covers_the_sum_of_its_sequential_children()
    {
        var run = GeneratedRun.Create(10_000);
        var spans = run.Records.Where(r => r.Kind == TelemetryKind.Span).ToList();
        var childrenTotal = spans.Where(s => s.ParentSpanId is not null)
            .GroupBy(s => s.ParentSpanId!)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value));

        var parents = spans.Where(s => childrenTotal.ContainsKey(s.SpanId!)).ToList();

        Assert.NotEmpty(parents);
        Assert.All(parents, p => Assert.True(p.Value > childrenTotal[p.SpanId!], $"{p.Service} {p.Value} ms < children {childrenTotal[p.SpanId!]} ms"));
    }
}
