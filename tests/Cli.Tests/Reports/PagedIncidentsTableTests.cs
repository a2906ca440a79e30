using AnomalyPlatform.Cli.Reports;
using AnomalyPlatform.Contracts.Messages;
using Spectre.Console.Testing;

namespace AnomalyPlatform.Cli.Tests.Reports;

public sealed class PagedIncidentsTableTests
{
    private static readonly DateTime T0 = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_incidents_to_page_are_listed_in_time_order_with_their_top_candidate_and_the_others_left_out()
    {
        var console = Console();
        IncidentReport[] incidents =
        [
            Incident("DET-0001", minute: 0, anomalies: 40, "cart", "cpu_hog", 0.61),
            Incident("DET-0002", minute: 5, anomalies: 3, "search", "error_log_burst", 0.5) with { Isolated = true },
            Incident("DET-0003", minute: 9, anomalies: 90, "gateway", "metric_spike", 0.4) with { TrafficChange = true },
            Incident("DET-0004", minute: 2, anomalies: 12, "route", "latency_injection", 0.25),
        ];

        PagedIncidentsTable.Print(console, incidents);

        Assert.Contains("Incidents to page (2)", console.Output, StringComparison.Ordinal);
        var rows = console.Lines.Where(line => line.Contains("DET-", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(["DET-0001", "2026-01-05 00:00:00", "60.0 s", "40", "1", "cart", "cpu_hog", "0.61"], Cells(rows[0]));
        Assert.Equal(["DET-0004", "2026-01-05 00:02:00", "60.0 s", "12", "1", "route", "latency_injection", "0.25"], Cells(rows[1]));
    }

    [Fact]
    public void Of_many_the_ones_with_the_most_anomalies_are_shown_and_the_title_says_how_many_there_are()
    {
        var console = Console();
        var incidents = Enumerable.Range(0, PagedIncidentsTable.MaxRows + 3)
            .Select(i => Incident($"DET-{i + 1:0000}", minute: i, anomalies: i == 0 ? 1 : 10 + i, "cart", "cpu_hog", 0.5))
            .ToList();

        PagedIncidentsTable.Print(console, incidents);

        Assert.Contains($"Incidents to page: the {PagedIncidentsTable.MaxRows} with the most anomalies of {PagedIncidentsTable.MaxRows + 3}", console.Output, StringComparison.Ordinal);
        var shown = console.Lines.Where(line => line.Contains("DET-", StringComparison.Ordinal)).Select(line => Cells(line)[0]).ToList();
        Assert.Equal(Enumerable.Range(4, PagedIncidentsTable.MaxRows).Select(i => $"DET-{i:0000}"), shown);
    }

    [Fact]
    public void The_top_candidates_instance_is_said_under_it_a_pod_named_after_its_service_by_its_suffix()
    {
        var console = Console();
        var pod = "ts-route-service-b6c59fb57-dz9bw";
        IncidentReport[] incidents =
        [
            Incident("DET-0001", minute: 0, anomalies: 4, "cart", "cpu_hog", 0.6, instance: "cart-1"),
            Incident("DET-0002", minute: 3, anomalies: 4, "ts-route-service", "cpu_hog", 0.6, instance: pod),
        ];

        PagedIncidentsTable.Print(console, incidents);

        var lines = console.Lines.ToList();
        var first = lines.FindIndex(line => line.Contains("DET-0001", StringComparison.Ordinal));
        var second = lines.FindIndex(line => line.Contains("DET-0002", StringComparison.Ordinal));
        Assert.Contains("at cart-1", Cells(lines[first + 1]));
        Assert.Contains("at …b6c59fb57-dz9bw", Cells(lines[second + 1]));
    }

    [Fact]
    public void Nothing_is_printed_when_nothing_is_to_be_paged()
    {
        var console = Console();

        PagedIncidentsTable.Print(console, [Incident("DET-0001", minute: 0, anomalies: 2, "cart", "cpu_hog", 1.0) with { Isolated = true }]);

        Assert.Equal(string.Empty, console.Output);
    }

    private static TestConsole Console()
    {
        var console = new TestConsole();
        console.Profile.Width = 200;
        return console;
    }

    private static IncidentReport Incident(string id, int minute, int anomalies, string top, string kind, double confidence, string? instance = null) =>
        new(id, T0.AddMinutes(minute), T0.AddMinutes(minute + 1), [top], [.. Enumerable.Range(0, anomalies).Select(static i => (long)i)],
            [new RootCauseCandidate(1, top, kind, confidence, ["evidence"], instance)], $"Root cause: {top}.", "mock", null);

    private static string[] Cells(string line) => line.Split('│', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
