using AnomalyPlatform.Cli.Analyze;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Calls into another service that begin before the span that made them: the hosts' clocks disagree, and the input report says so.</summary>
public sealed class SpanReferencesTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("references-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Calls_that_begin_before_their_caller_are_counted_with_their_median_lead_and_said()
    {
        // frontend calls cart twice, once 300 ms and once 100 ms before frontend's own span began, and once after it;
        // frontend's own child span and a root span are no calls into another service.
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,span,frontend,frontend-1,GET /,500,,OK,t1,f1,,",
            "1,2026-01-05T12:00:00.010Z,span,frontend,frontend-1,render,5,,OK,t1,f2,f1,",
            "2,2026-01-05T11:59:59.700Z,span,cart,cart-1,GetCart,50,,OK,t1,c1,f1,",
            "3,2026-01-05T11:59:59.900Z,span,cart,cart-1,GetCart,50,,OK,t1,c2,f1,",
            "4,2026-01-05T12:00:00.100Z,span,cart,cart-1,GetCart,50,,OK,t1,c3,f1,");

        Assert.Equal(new SpanReferences.EarlyCalls(3, 2, TimeSpan.FromMilliseconds(300)), input.CallsBeforeCaller);
        Assert.Contains(
            "2 of 3 calls into another service (66.7 %) begin before the span that made them, by 300 ms at the median: the hosts' clocks disagree, and which service's anomalies began first is read less surely.",
            InputReport.Notes(input));
    }

    [Fact]
    public void Calls_that_begin_within_their_caller_say_nothing()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,span,frontend,frontend-1,GET /,500,,OK,t1,f1,,",
            "1,2026-01-05T12:00:00.020Z,span,cart,cart-1,GetCart,50,,OK,t1,c1,f1,");

        Assert.Equal(SpanReferences.EarlyCalls.None, input.CallsBeforeCaller);
        Assert.DoesNotContain(InputReport.Notes(input), static note => note.Contains("clocks", StringComparison.Ordinal));
    }
}
