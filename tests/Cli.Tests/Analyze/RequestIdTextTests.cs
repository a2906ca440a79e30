using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Trace and span ids read in one spelling, so that a logger's capitals or X-Ray's form name the spans' requests.</summary>
public sealed class RequestIdTextTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("request-ids-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("4BF92F3577B34DA6A3CE929D0E0E4736", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData(" 00f067aa0ba902b7 ", "00f067aa0ba902b7")]
    [InlineData("1-5759e988-bd862e3fe1be46a994272793", "5759e988bd862e3fe1be46a994272793")]
    [InlineData("4bf92f35-77b3-4da6-a3ce-929d0e0e4736", "4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("req-Checkout-42", "req-Checkout-42")]
    [InlineData("", null)]
    public void An_id_is_read_in_one_spelling(string text, string? id) => Assert.Equal(id, RequestIdText.Of(text));

    [Fact]
    public void Log_lines_whose_ids_are_written_in_capitals_or_x_rays_form_name_the_spans_request()
    {
        var input = MeltCsvText.ReadInput(
            _folder,
            "0,2026-01-05T12:00:00.000Z,span,cart,cart-1,GET /cart,12,,OK,5759e988bd862e3fe1be46a994272793,00f067aa0ba902b7,,",
            "1,2026-01-05T12:00:00.005Z,log,cart,cart-1,app,0,INFO,,5759E988BD862E3FE1BE46A994272793,00F067AA0BA902B7,,cart read",
            "2,2026-01-05T12:00:00.006Z,log,cart,cart-1,app,0,INFO,,1-5759e988-bd862e3fe1be46a994272793,00f067aa0ba902b7,,cart written");

        Assert.All(input.Records, static r => Assert.Equal(("5759e988bd862e3fe1be46a994272793", "00f067aa0ba902b7"), (r.TraceId, r.SpanId)));
        Assert.Equal(2, input.Records.Count(static r => r.Kind == TelemetryKind.Log));
    }
}
