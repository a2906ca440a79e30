using System.Text.Json;
using System.Text.RegularExpressions;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults.Output;
using AnomalyPlatform.RootCause.Tests.Support;

namespace AnomalyPlatform.RootCause.Tests.Output.Report;

public sealed partial class RunReportWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Report_of_a_small_run_has_every_section()
    {
        var html = await WriteAsync();

        foreach (var section in new[] { "summary", "timeline", "incidents", "models", "performance" })
        {
            Assert.Contains($"<section id=\"{section}\">", html, StringComparison.Ordinal);
        }

        Assert.Contains("<table class=\"evaluation\">", html, StringComparison.Ordinal);
        Assert.Contains("chart timeline", html, StringComparison.Ordinal);
        Assert.Contains("chart pr-curves", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"recall\">", html, StringComparison.Ordinal);
        Assert.Contains("<table class=\"performance\">", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Incidents_to_page_are_listed_before_groups_of_stray_points()
    {
        var html = await WriteAsync();

        Assert.Contains("2 detected, 1 of them isolated anomalies only (stray points): not paged, listed last", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"value\">1</div><div class=\"label\">to page</div>", html, StringComparison.Ordinal);
        var rows = Regex.Matches(html, "<tr><td>(?:<a [^>]*>)?(DET-[0-9]+)(?:</a>)?</td>.*?<td>(yes|no: [a-z ]+)</td>", RegexOptions.Singleline);
        Assert.Equal(["DET-0001 yes", "DET-0002 no: isolated anomalies only"], rows.Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"));
    }

    [Fact]
    public async Task A_recall_on_too_few_labelled_records_is_not_shown_as_a_measurement()
    {
        var html = await WriteAsync();

        var recall = Regex.Match(html, "<table class=\"recall\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("too few (n=1)", recall, StringComparison.Ordinal);
        Assert.Contains("0.750*", recall, StringComparison.Ordinal);
        Assert.Contains("too few: fewer than 16 labelled records", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_injected_no_incident_shows_its_root_cause_accuracy_as_not_applicable()
    {
        await ReportRun.WriteAsync(_folder.Path, withInjectedIncidents: false);

        var path = await RunReportWriter.WriteAsync(_folder.Path, ReportRun.Extras, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("<div class=\"value\">n/a</div><div class=\"label\">AC@1 / AC@3</div>", html, StringComparison.Ordinal);
        Assert.Contains("No incident was injected, so there is no root cause to rank: AC@1 and AC@3 are n/a.", html, StringComparison.Ordinal);
        Assert.DoesNotContain("0.00 / 0.00", html, StringComparison.Ordinal);
        Assert.DoesNotContain("ranked first in 0%", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Known_incidents_of_an_analysis_are_listed_misses_first_with_where_each_was_raised()
    {
        // analyze --incidents writes each known incident's match beside the accuracy, and scores no model.
        var html = await WriteAsync(static evaluation => evaluation with
        {
            Models = new Dictionary<string, ModelReport>(),
            PerIncident =
            [
                new IncidentRank("INC-0001", "payment", "DET-0001", 1, "cpu_hog", "payment-2", "payment-2"),
                new IncidentRank("INC-0002", "cart", "DET-0002", 4, "bad_deploy", "cart-1"),
                new IncidentRank("INC-0003", "auth", null, null, "cpu_hog"),
                new IncidentRank("INC-0004", "search", "DET-0002", 2, "cpu_hog", "search-2", "search-1"),
                new IncidentRank("INC-0005", "ts-route-service", "DET-0001", 1, "cpu_hog", "ts-route-service-b6c59fb57-dz9bw", "ts-route-service-b6c59fb57-dz9bw"),
            ],
        });

        var table = Regex.Match(html, "<table class=\"evaluation known\">(.*?)</table>", RegexOptions.Singleline).Groups[1].Value;
        var rows = Regex.Matches(table, "<tr class=\"([a-z-]+)\"><td>(INC-[0-9]+)</td>(?:<td>[^<]*</td>){3}<td>(.*?)</td><td class=\"num\">([^<]*)</td><td>(.*?)</td></tr>");
        // The instance each incident's candidate for the true service names, the true one said beside a wrong one.
        Assert.Equal(
            ["missed INC-0002 DET-0002 4 –", "missed INC-0003 – not detected –", "top-three INC-0004 DET-0002 2 search-1 (true: search-2)", "first INC-0001 <a href=\"#DET-0001\">DET-0001</a> 1 payment-2",
             "first INC-0005 <a href=\"#DET-0001\">DET-0001</a> 1 <span title=\"ts-route-service-b6c59fb57-dz9bw\">…b6c59fb57-dz9bw</span>"],
            rows.Select(static m => $"{m.Groups[1].Value} {m.Groups[2].Value} {Regex.Replace(m.Groups[3].Value, "<a [^>]*>(DET-0002)</a>", "$1")} {m.Groups[4].Value} {m.Groups[5].Value}"));
        Assert.Contains("By fault type: cpu_hog 2 of 4 first, 3 in the top three; bad_deploy 0 of 1 first, 0 in the top three.", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"label\">known incidents</div>", html, StringComparison.Ordinal);
        Assert.Contains("1 known incident, 1 detected;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_synthetic_run_lists_its_injected_incidents_and_folds_a_long_list_away()
    {
        var html = await WriteAsync(static evaluation => evaluation with
        {
            PerIncident = [.. Enumerable.Range(1, 31).Select(static i => new IncidentRank($"INC-{i:0000}", "payment", "DET-0001", i % 4 + 1, "cpu_hog"))],
        });

        Assert.Contains("<h3>Injected incidents</h3><details><summary>All 31 injected incidents, misses first</summary><table class=\"evaluation known\">", html, StringComparison.Ordinal);
        Assert.Contains("</table></details><p class=\"note\">Misses first, then those in the top three, then those ranked first. By fault type: cpu_hog 7 of 31 first, 23 in the top three.", html, StringComparison.Ordinal);
        Assert.Contains("<div class=\"label\">incidents injected</div>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Known incidents", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_without_incident_ranks_has_no_incident_table()
    {
        var html = await WriteAsync();

        Assert.DoesNotContain("Injected incidents", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Known incidents", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_of_one_are_written_in_the_singular()
    {
        var html = await WriteAsync();

        Assert.Contains("1 injected incident, 1 detected;", html, StringComparison.Ordinal);
        Assert.Contains("Of 2 incidents raised, 1 overlaps a true incident (0 true ones split), 1 holds only anomalies injected outside any incident, " +
                        "0 hold no labelled record; 1 of all is a group of stray points, not paged.", html, StringComparison.Ordinal);
        Assert.Contains(" · 4 anomalies in 2 services</span>", html, StringComparison.Ordinal);
        Assert.Contains(" · 1 anomaly in 1 service</span>", html, StringComparison.Ordinal);
        Assert.Contains("<title>DET-0002: 1 anomaly, top candidate search,", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_incident_shown_has_one_chart_candidates_explanation_and_call_graph()
    {
        var html = await WriteAsync();

        var articles = Regex.Matches(html, "<article class=\"incident\" id=\"([^\"]+)\">(.*?)</article>", RegexOptions.Singleline);
        Assert.Equal(["DET-0001", "DET-0002"], articles.Select(m => m.Groups[1].Value));
        foreach (Match article in articles)
        {
            var body = article.Groups[2].Value;
            Assert.Single(Regex.Matches(body, "class=\"chart incident-chart\""));
            Assert.Contains("<table class=\"candidates\">", body, StringComparison.Ordinal);
            Assert.Contains("<blockquote>", body, StringComparison.Ordinal);
            Assert.Contains("chart call-graph", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Metric_anomalies_are_marked_and_the_injected_fault_window_is_shaded()
    {
        var html = await WriteAsync();

        var first = Regex.Match(html, "<article class=\"incident\" id=\"DET-0001\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(3, Regex.Matches(first, "<circle class=\"anomaly\"").Count);
        Assert.Single(Regex.Matches(first, "<rect class=\"fault\""));
        Assert.Single(Regex.Matches(first, "<rect class=\"event-tick\""));
        Assert.Contains("top candidate right", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_refers_to_nothing_outside_itself()
    {
        var html = await WriteAsync();

        Assert.DoesNotMatch(ExternalReference(), html);
        Assert.DoesNotContain("http://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("https://", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("@import", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Markup_in_explanations_and_evidence_is_shown_as_text()
    {
        var html = await WriteAsync();

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_was_found_about_the_data_is_listed_under_the_summary_as_text()
    {
        await ReportRun.WriteAsync(_folder.Path);
        var extras = ReportRun.Extras with { DataNotes = ["60 of the 63 traced minutes have no request log line.", ReportRun.HostileText] };

        var path = await RunReportWriter.WriteAsync(_folder.Path, extras, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(path);
        var notes = Regex.Match(html, "<h3>About the data</h3><ul>(.*?)</ul>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Equal(["60 of the 63 traced minutes have no request log line.", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;quoted&quot;"],
            Regex.Matches(notes, "<li>(.*?)</li>").Select(static m => m.Groups[1].Value));
        Assert.DoesNotContain("About the data", await WriteAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_from_anomalies_alone_says_what_it_lacks()
    {
        await ReportRun.WriteAsync(_folder.Path, withLabels: false);
        File.Delete(Path.Combine(_folder.Path, "synthetic_data.csv"));

        var path = await RunReportWriter.WriteAsync(_folder.Path, ReportExtras.None, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(path);
        Assert.Contains("No evaluation: the run has no labels.", html, StringComparison.Ordinal);
        Assert.Contains("No metric readings of payment", html, StringComparison.Ordinal);
        Assert.Contains("The call graph was not available", html, StringComparison.Ordinal);
        Assert.Contains("No performance.json", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, "<article class=\"incident\"").Count);
    }

    [Fact]
    public async Task A_service_whose_metrics_have_names_of_its_own_is_still_drawn()
    {
        await ReportRun.WriteAsync(_folder.Path);
        // search's readings under its own collector's name, while its anomaly names the generator's metric.
        var data = Path.Combine(_folder.Path, "synthetic_data.csv");
        await File.WriteAllTextAsync(data, (await File.ReadAllTextAsync(data)).Replace(",cpu_percent,", ",host.cpu.busy,", StringComparison.Ordinal));

        var path = await RunReportWriter.WriteAsync(_folder.Path, ReportRun.Extras, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);

        var html = await File.ReadAllTextAsync(path);
        var search = Regex.Match(html, "<article class=\"incident\" id=\"DET-0002\">(.*?)</article>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Single(Regex.Matches(search, "class=\"chart incident-chart\""));
        Assert.Contains("host.cpu.busy", search, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_series_keep_a_fixed_number_of_buckets()
    {
        var from = new DateTime(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);
        var series = new MetricSeries(from, from.AddHours(30), ReportTelemetry.BucketsPerSeries);

        for (var second = 0; second < 30 * 3600; second++)
        {
            series.Add(from.AddSeconds(second), second % 100);
        }

        Assert.Equal(ReportTelemetry.BucketsPerSeries, series.Buckets);
        Assert.Equal(30 * 3600, series.Readings);
        Assert.All(Enumerable.Range(0, series.Buckets), bucket => Assert.Equal((0, 99), (series.MinOf(bucket), series.MaxOf(bucket))));
    }

    [Fact]
    public async Task Report_is_written_next_to_the_run_files()
    {
        await ReportRun.WriteAsync(_folder.Path);

        var path = await RunReportWriter.WriteAsync(_folder.Path, ReportRun.Extras, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);

        Assert.Equal(Path.Combine(_folder.Path, "report.html"), path);
        Assert.False(File.Exists(path + ".tmp"));
    }

    private async Task<string> WriteAsync()
    {
        await ReportRun.WriteAsync(_folder.Path);
        var path = await RunReportWriter.WriteAsync(_folder.Path, ReportRun.Extras, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);
        return await File.ReadAllTextAsync(path);
    }

    /// <summary>The report of the small run with its <c>evaluation.json</c> rewritten by <paramref name="change"/>.</summary>
    private async Task<string> WriteAsync(Func<EvaluationReport, EvaluationReport> change)
    {
        await ReportRun.WriteAsync(_folder.Path);
        var evaluationPath = Path.Combine(_folder.Path, OutputFiles.Evaluation);
        var evaluation = JsonSerializer.Deserialize(await File.ReadAllTextAsync(evaluationPath), ReportJsonContext.Default.EvaluationReport)!;
        await ReportFiles.WriteAsync(evaluationPath, change(evaluation), ReportJsonContext.Default.EvaluationReport, CancellationToken.None);
        var path = await RunReportWriter.WriteAsync(_folder.Path, ReportRun.Extras, new SyntheticDataSource(_folder.Path), truth: null, CancellationToken.None);
        return await File.ReadAllTextAsync(path);
    }

    // A URL in an attribute or a style that a browser would fetch: src, href, url(), srcset, action.
    [GeneratedRegex("""(?:\b(?:src|href|srcset|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?//)|(?:url\(\s*["']?\s*(?:https?:)?//)""", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
