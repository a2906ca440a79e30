using System.Globalization;
using AnomalyPlatform.Detector.Nab;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Nab;

/// <summary>The tables <c>evaluate-nab</c> prints: per file, per profile, per category, and beside the published detectors.</summary>
internal static class NabTables
{
    public const string OurName = "Anomaly Platform (robust streaming)";

    public static void Print(IAnsiConsole console, NabBenchmarkReport report, IReadOnlyList<NabPublishedScore> published)
    {
        console.Write(Files(report));
        console.Write(Profiles(report));
        console.Write(Categories(report));
        if (published.Count > 0)
        {
            console.Write(Published(report, published));
        }
    }

    private static Table Files(NabBenchmarkReport report)
    {
        var standard = NabProfile.Standard.Name;
        var atDecision = report.AtDecision[standard].Files;
        var atThreshold = report.AtOptimisedThreshold[standard].Files;
        var table = new Table().Title("NAB standard profile per file (raw score: + for windows found early, - for misses and false alarms)")
            .AddColumns("file", "rows", "windows", "found", "alarms", "FP", "score @decision", "score @optimised");
        for (var i = 0; i < report.Files.Count; i++)
        {
            var decision = atDecision[i];
            table.AddRow(
                Markup.Escape(report.Files[i].File),
                report.Files[i].Series.Count.ToString("N0", CultureInfo.InvariantCulture),
                decision.Windows.ToString(CultureInfo.InvariantCulture),
                decision.DetectedWindows.ToString(CultureInfo.InvariantCulture),
                report.Files[i].Detection.AnomalyCount.ToString(CultureInfo.InvariantCulture),
                decision.FalsePositives.ToString(CultureInfo.InvariantCulture),
                Number(decision.Score, "0.000"),
                Number(atThreshold[i].Score, "0.000"));
        }

        return table;
    }

    private static Table Profiles(NabBenchmarkReport report)
    {
        var table = new Table().Title("NAB score (normalised: 0 = never fires, 100 = perfect)")
            .AddColumns("profile", "at the detector's decision", "at the corpus-optimised threshold", "threshold");
        foreach (var profile in NabProfile.All)
        {
            var optimised = report.AtOptimisedThreshold[profile.Name];
            table.AddRow(profile.Name, Number(report.AtDecision[profile.Name].NormalisedScore, "0.0"),
                Number(optimised.NormalisedScore, "0.0"), Number(optimised.Threshold, "0.######"));
        }

        table.Caption(Markup.Escape(
            $"leave-one-category-out (standard; threshold chosen on the other categories): {Number(report.LeaveOneCategoryOutScore, "0.0")}"));
        return table;
    }

    private static Table Categories(NabBenchmarkReport report)
    {
        var table = new Table().Title("NAB standard score per category (normalised; raw in brackets)")
            .AddColumns("category", "files", "windows", "at decision", "at corpus threshold", "at held-out threshold");
        foreach (var category in report.Categories)
        {
            table.AddRow(
                Markup.Escape(category.Category),
                category.FileCount.ToString(CultureInfo.InvariantCulture),
                category.WindowCount.ToString(CultureInfo.InvariantCulture),
                Both(category.AtDecision),
                Both(category.AtCorpusThreshold),
                Both(category.AtHeldOutThreshold));
        }

        return table;
    }

    private static Table Published(NabBenchmarkReport report, IReadOnlyList<NabPublishedScore> published)
    {
        var standard = NabProfile.Standard.Name;
        var rows = published.Select(static p => (p.Detector, p.Score, Ours: false)).ToList();
        rows.Add(($"{OurName}, corpus-optimised threshold", report.AtOptimisedThreshold[standard].NormalisedScore, true));
        rows.Add(($"{OurName}, own decision", report.AtDecision[standard].NormalisedScore, true));
        var table = new Table().Title("Beside the published detectors (standard profile, these files)").AddColumns("detector", "score");
        foreach (var (detector, score, ours) in rows.OrderByDescending(static r => r.Score))
        {
            var name = Markup.Escape(detector);
            table.AddRow(ours ? $"[bold]{name}[/]" : name, ours ? $"[bold]{Number(score, "0.0")}[/]" : Number(score, "0.0"));
        }

        return table;
    }

    private static string Both(NabCorpusScore score) => $"{Number(score.NormalisedScore, "0.0")} ({Number(score.RawScore, "0.00")})";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
