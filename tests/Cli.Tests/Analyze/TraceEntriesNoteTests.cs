using AnomalyPlatform.Cli.Analyze;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Spans that lack their parent because traces enter the input there are told apart from spans whose parent was lost.</summary>
public sealed class TraceEntriesNoteTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trace-entries-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Entry_spans_of_an_uninstrumented_proxy_are_said_to_be_where_traces_enter_and_lost_ones_to_be_flagged()
    {
        // A request a minute for twenty minutes through an uninstrumented ingress: the gateway's span names the ingress's,
        // never exported. In two of them the gateway's span was lost, so cart's names a parent the input lacks too.
        var lines = new List<string>();
        for (var m = 0; m < 20; m++)
        {
            var time = MeltCsvText.Start.AddMinutes(m).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", System.Globalization.CultureInfo.InvariantCulture);
            var trace = $"{m + 1:x32}";
            if (m >= 2)
            {
                lines.Add($"{lines.Count},{time},span,gateway,gateway-1,GET /cart,30,,OK,{trace},aaaaaaaaaaaaaaaa,ffffffffffffffff,");
            }

            lines.Add($"{lines.Count},{time},span,cart,cart-1,GetCart,10,,OK,{trace},bbbbbbbbbbbbbbbb,aaaaaaaaaaaaaaaa,");
        }

        var input = MeltCsvText.ReadInput(_folder, [.. lines]);

        Assert.Equal((20, 18), (input.LostParents, input.LostParentsAtEntries));
        var notes = InputReport.Notes(input);
        Assert.Contains("2 of 38 spans (5.3 %) name a parent span the input does not hold: flagged as missing_span.", notes);
        Assert.Contains(
            "18 spans name a parent span the input does not hold at operations where nearly all spans do, over 10 minutes or more: read as where traces enter the input (an uninstrumented proxy or client began them), not as lost spans.",
            notes);
    }
}
