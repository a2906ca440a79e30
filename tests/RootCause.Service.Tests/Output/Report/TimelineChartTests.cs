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

    [Fact]
    public void A_pause_between_two_recordings_is_drawn_as_a_narrow_break_and_each_recording_names_its_day()
    {
        // Two days' exports in one input: 12:00 to 24:00, then nothing until 11:30 the next day, then until 18:00.
        var secondDay = T0.AddHours(23.5);
        var incidents = new[] { Incident("DET-0001", 60, 660), Incident("DET-0002", 23.5 * 3600 + 60, 23.5 * 3600 + 660) };
        var input = new ReportInput(new ReportAnomaliesFile("run", [], incidents), null, null, null, ReportExtras.None);
        var html = new StringBuilder();

        TimelineChart.Write(html, input, T0, T0.AddHours(30), incidents.Select(i => i.IncidentId).ToHashSet(StringComparer.Ordinal), [(T0.AddHours(12), secondDay)]);

        var text = html.ToString();
        var pause = PauseRect().Match(text);
        Assert.True(pause.Success);
        Assert.Equal(TimelineAxis.BreakWidth, Number(pause, "width"), 0.1);
        Assert.Contains("No record for 11 h 30 min (2025-01-02 00:00:00 to 2025-01-02 11:30:00 UTC)", pause.Value, StringComparison.Ordinal);
        // 18.5 hours recorded share the width: the first day's twelve take twelve parts of it, and the second day's
        // incident starts right after the break.
        var bars = Bars(text);
        var recorded = 1100 - 90 - 16 - TimelineAxis.BreakWidth;
        Assert.Equal(90 + recorded * 12 / 18.5, Number(pause, "x"), 0.1);
        Assert.Equal(Number(pause, "x") + TimelineAxis.BreakWidth + recorded * (60 / 3600.0) / 18.5, bars[1].Left, 0.1);
        var ticks = TickLabel().Matches(text).Select(m => m.Groups["label"].Value).ToList();
        Assert.Contains(ticks, label => label.StartsWith("Jan 1 ", StringComparison.Ordinal));
        Assert.Contains(ticks, label => label.StartsWith("Jan 2 ", StringComparison.Ordinal));
        Assert.DoesNotContain("Jan 2", ticks);
        Assert.Contains("Grey: a pause without any record between two recordings", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_continuous_run_has_no_break_and_a_time_in_a_pause_maps_into_its_break()
    {
        var continuous = new TimelineAxis(T0, T0.AddHours(10), 0, 1000, []);
        Assert.Empty(continuous.Pauses);
        Assert.Equal(500, continuous.Map(T0.AddHours(5)), 6);

        var broken = new TimelineAxis(T0, T0.AddHours(10), 0, 1000, [(T0.AddHours(2), T0.AddHours(8))]);
        var pause = Assert.Single(broken.Pauses);
        Assert.Equal(2, broken.Recordings.Count());
        Assert.InRange(broken.Map(T0.AddHours(5)), pause.Left, pause.Right);
        Assert.Equal(broken.Map(T0.AddHours(2)), pause.Left, 6);
        Assert.Equal(1000, broken.Map(T0.AddHours(10)), 6);
        var times = Enumerable.Range(0, 601).Select(m => T0.AddMinutes(m)).ToList();
        Assert.All(times.Zip(times.Skip(1)), pair => Assert.True(broken.Map(pair.First) <= broken.Map(pair.Second)));
    }

    [Fact]
    public void The_report_finds_the_pauses_between_recordings_in_the_telemetry_it_is_fed()
    {
        var twoDays = new ReportTelemetry([], []);
        foreach (var minute in Enumerable.Range(0, 120).Concat(Enumerable.Range(600, 120)))
        {
            twoDays.See(T0.AddMinutes(minute).AddSeconds(15));
        }

        var hourly = new ReportTelemetry([], []);
        foreach (var hour in Enumerable.Range(0, 48))
        {
            hourly.See(T0.AddHours(hour));
        }

        Assert.Equal([(T0.AddMinutes(120), T0.AddMinutes(600))], twoDays.Pauses);
        Assert.Empty(hourly.Pauses);
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

    [GeneratedRegex("<rect class=\"pause\" x=\"(?<x>[0-9.]+)\" y=\"[0-9.]+\" width=\"(?<width>[0-9.]+)\"[^>]*><title>[^<]*</title></rect>")]
    private static partial Regex PauseRect();

    [GeneratedRegex("<text class=\"tick\"[^>]*>(?<label>[^<]+)</text>")]
    private static partial Regex TickLabel();
}
