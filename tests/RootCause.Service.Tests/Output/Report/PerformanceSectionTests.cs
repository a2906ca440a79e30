using System.Text;
using AnomalyPlatform.RootCause.Evaluation;
using AnomalyPlatform.RootCause.Output.Report;

namespace AnomalyPlatform.RootCause.Tests.Output.Report;

public sealed class PerformanceSectionTests
{
    [Fact]
    public void A_peak_that_was_not_measured_reads_n_a_not_zero()
    {
        var performance = new PerformanceReport(1_000, 2.0, 150, null,
            new Dictionary<string, StageReport> { ["generate"] = new(0.3, 90, null, 1_000), ["root_cause"] = new(0.1, 150, 20, 1) },
            EnvironmentReport.OfThisProcess());
        var html = new StringBuilder();

        PerformanceSection.Write(html, new ReportInput(null!, null, null, performance, ReportExtras.None));

        var rows = html.ToString().Split("<tr", StringSplitOptions.None);
        var generate = Assert.Single(rows, row => row.Contains("<td>generate</td>", StringComparison.Ordinal));
        var total = Assert.Single(rows, row => row.Contains("<td>total</td>", StringComparison.Ordinal));
        Assert.Contains("<td class=\"num\">90.0</td><td class=\"num\">n/a</td>", generate, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\">150.0</td><td class=\"num\">n/a</td>", total, StringComparison.Ordinal);
    }
}
