using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Output;
using AnomalyPlatform.RootCause.Output.Report;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Output.Report;

public sealed partial class TimelineChartTests
{
    private static readonly DateTime End = T0.AddMinutes(18);

    [Fact]
    public void Nested_incidents_are_stacked_in_lanes_so_that_each_one_shows()
    {
        // The 10,000-record seed-42 run: DET-0002 inside DET-0001, DET-0004 and DET-0005 inside DET-0003.
        var html = Timeline(
            Incident("DET-0001", 60, 660), Incident("DET-0002", 127, 146), Incident("DET-0003", 680, 1080, isolated: true),
            Incident("DET-0004", 720, 900, isolated: true), Incident("DET-0005", 985, 993, isolated: true));

        var bars = Bars(html);
        Assert.Equal(["DET-0001", "DET-0002", "DET-0003", "DET-0004", "DET-0005"], bars.Select(b => b.Id));
        Assert.Equal([0, 1, 0, 1, 1], bars.Select(b => Lane(b, bars)));
        Assert.All(bars, bar => Assert.DoesNotContain(bars, other => other != bar && other.Y == bar.Y && other.Left < bar.Right && bar.Left < other.Right));
    }

    [Fact]
    public void Incidents_not_paged_are_outlined_and_the_note_says_so()
    {
        var html = Timeline(Incident("DET-0001", 60, 660), Incident("DET-0002", 700, 760, isolated: true), Incident("DET-0003", 800, 860, traffic: true));

        Assert.Equal(["detected", "detected unpaged", "detected unpaged"], Bars(html).Select(b => b.CssClass));
        Assert.Contains("filled when paged, outlined when not paged (isolated anomalies only, or mostly a change in traffic), pale when not drawn below", html, StringComparison.Ordinal);
        Assert.Contains("12:11:40–12:12:40, not paged (isolated anomalies only)</title>", html, StringComparison.Ordinal);
        Assert.Contains(", not paged (mostly a change in traffic)</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_last_lane_incidents_are_counted_not_drawn_and_those_to_page_come_first()
    {
        // 300 incidents at once: 295 groups of stray points, then 5 to page.
        var incidents = Enumerable.Range(1, 300).Select(i => Incident($"DET-{i:0000}", 100 + i, 900 + i, isolated: i <= 295)).ToArray();

        var html = Timeline(incidents);

        var bars = Bars(html);
        Assert.Equal(TimelineChart.MaxLanes, bars.Count);
        Assert.Equal(TimelineChart.MaxLanes, bars.Select(b => b.Y).Distinct().Count());
        Assert.Equal(5, bars.Count(b => b.CssClass.StartsWith("detected", StringComparison.Ordinal) && !b.CssClass.Contains("unpaged", StringComparison.Ordinal)));
        Assert.Contains(">290 not drawn</text>", html, StringComparison.Ordinal);
        Assert.Contains("290 of 300 detected incidents not drawn, all 10 lanes being taken at their time (incidents to page are placed first)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Lanes_are_as_few_as_the_most_bars_overlapping_at_once()
    {
        var random = new Random(3);
        var bars = Enumerable.Range(0, 400).Select(_ => random.Next(0, 10_000)).Select(start => (Left: (double)start, Right: start + random.Next(1, 400))).OrderBy(b => b.Left).ToList();
        var lanes = new TimelineLanes(maxLanes: 1000, gap: 0);

        var placed = bars.Select(bar => lanes.Place(bar.Left, bar.Right)).ToList();

        var mostAtOnce = bars.Max(bar => bars.Count(other => other.Left <= bar.Left && bar.Left < other.Right));
        Assert.All(placed, lane => Assert.NotNull(lane));
        Assert.Equal(mostAtOnce, lanes.Count);
    }

    [Fact]
    public void A_timeline_over_two_days_names_the_day_at_midnight_in_words_and_the_hours_elsewhere()
    {
        var incidents = new[] { Incident("DET-0001", 60, 660) };
        var input = new ReportInput(new ReportAnomaliesFile("run", [], incidents), null, null, null, ReportExtras.None);
        var html = new StringBuilder();

        TimelineChart.Write(html, input, T0, T0.AddHours(36), incidents.Select(i => i.IncidentId).ToHashSet(StringComparer.Ordinal));

        var ticks = TickLabel().Matches(html.ToString()).Select(m => m.Groups["label"].Value).ToList();
        Assert.Contains("Jan 2", ticks);
        Assert.Contains("18:00", ticks);
        Assert.DoesNotContain(ticks, label => label.Contains('-', StringComparison.Ordinal));
    }

    private static IncidentEntry Incident(string id, double fromSecond, double toSecond, bool isolated = false, bool traffic = false) =>
        new(id, T0.AddSeconds(fromSecond), T0.AddSeconds(toSecond), ["payment"], 1,
            [new RootCauseCandidate(1, "payment", FaultTypes.CpuHog, 0.8, [])], "", "mock", null, isolated, traffic);

    private static string Timeline(params IncidentEntry[] incidents)
    {
        var input = new ReportInput(new ReportAnomaliesFile("run", [], incidents), null, null, null, ReportExtras.None);
        var html = new StringBuilder();
        TimelineChart.Write(html, input, T0, End, incidents.Select(i => i.IncidentId).ToHashSet(StringComparer.Ordinal));
        return html.ToString();
    }

    private sealed record Rect(string Id, string CssClass, double Left, double Right, double Y);

    private static List<Rect> Bars(string html) =>
        [.. DetectedBar().Matches(html).Select(m => new Rect(
            m.Groups["id"].Value, m.Groups["class"].Value, Number(m, "x"), Number(m, "x") + Number(m, "width"), Number(m, "y")))];

    private static int Lane(Rect bar, List<Rect> bars) => bars.Select(b => b.Y).Distinct().Order().ToList().IndexOf(bar.Y);

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex("<rect class=\"(?<class>detected[^\"]*)\" x=\"(?<x>[0-9.]+)\" y=\"(?<y>[0-9.]+)\" width=\"(?<width>[0-9.]+)\" height=\"[0-9.]+\"><title>(?<id>DET-[0-9]+):")]
    private static partial Regex DetectedBar();

    [GeneratedRegex("<text class=\"tick\"[^>]*>(?<label>[^<]+)</text>")]
    private static partial Regex TickLabel();
}
