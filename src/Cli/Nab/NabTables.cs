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

    /// <summary>
    /// The shipped configuration's scores on the files beside the nested estimate, per category and in total, one table
    /// per profile (estimates come in pairs: at the decision, then with the threshold chosen). On the shared NAB files the
    /// shipped configuration's scores are in sample (it was chosen there); on other files they are not, so the tables
    /// name the configuration rather than the files.
    /// </summary>
    public static void PrintNested(IAnsiConsole console, NabBenchmarkReport report, IReadOnlyList<NabNestedEstimate> estimates)
    {
        foreach (var profile in estimates.Select(static e => e.Profile).Distinct())
        {
            var decision = estimates.Single(e => e.Profile == profile && e.ByDecision);
            var threshold = estimates.Single(e => e.Profile == profile && !e.ByDecision);
            var atDecision = report.AtDecision[profile.Name];
            var atOptimised = report.AtOptimisedThreshold[profile.Name];
            var table = new Table()
                .Title(Markup.Escape($"NAB {profile.Name}: the shipped configuration beside the nested estimate (each category scored with what was chosen on the others; normalised, raw in brackets)"))
                .AddColumns("category", "windows", "shipped, own decision", "held out, own decision", "chosen (own decision)", "shipped, optimised threshold", "held out, threshold chosen too", "chosen (with threshold)");
            foreach (var category in decision.Categories)
            {
                var byThreshold = threshold.Categories.Single(c => c.Category == category.Category);
                table.AddRow(
                    Markup.Escape(category.Category),
                    category.WindowCount.ToString(CultureInfo.InvariantCulture),
                    Both(Subset(atDecision, category.Category)),
                    Both(category.HeldOut),
                    Markup.Escape(category.Chosen),
                    Both(Subset(atOptimised, category.Category)),
                    Both(byThreshold.HeldOut),
                    Markup.Escape($"{byThreshold.Chosen} @ {Number(byThreshold.Threshold, "0.####")}"));
            }

            table.AddRow(
                "[bold]all[/]",
                decision.Categories.Sum(static c => c.WindowCount).ToString(CultureInfo.InvariantCulture),
                $"[bold]{Number(atDecision.NormalisedScore, "0.0")}[/]",
                $"[bold]{Number(decision.HeldOutScore, "0.0")}[/]",
                Markup.Escape($"on all files: {decision.ChosenOnAll} ({Number(decision.InSample.NormalisedScore, "0.0")})"),
                $"[bold]{Number(atOptimised.NormalisedScore, "0.0")}[/]",
                $"[bold]{Number(threshold.HeldOutScore, "0.0")}[/]",
                Markup.Escape($"on all files: {threshold.ChosenOnAll} ({Number(threshold.InSample.NormalisedScore, "0.0")})"));
            console.Write(table);
            console.MarkupLine(Markup.Escape(FormattableString.Invariant(
                $"{profile.Name}: shipped configuration {atDecision.NormalisedScore:0.0} own decision / {atOptimised.NormalisedScore:0.0} optimised threshold; nested estimate (each category scored with what was chosen on the others; optimistic, see the README) {decision.HeldOutScore:0.0} / {threshold.HeldOutScore:0.0}")));
        }
    }

    /// <summary>
    /// <c>detect</c> (the streaming detector) beside the pipeline's detection stage on the same files, per category and in
    /// total (standard profile; normalised, raw in brackets).
    /// </summary>
    public static void PrintPipeline(IAnsiConsole console, NabBenchmarkReport streaming, NabBenchmarkReport pipeline)
    {
        var standard = NabProfile.Standard.Name;
        var table = new Table()
            .Title("NAB standard: detect (streaming) beside the pipeline's detection stage (each file as one metric series, seen whole; normalised, raw in brackets)")
            .AddColumns("category", "windows", "detect, own decision", "detect, optimised threshold", "pipeline, own decision", "pipeline, optimised threshold", "pipeline alarms");
        foreach (var category in streaming.Categories)
        {
            var other = pipeline.Categories.Single(c => c.Category == category.Category);
            table.AddRow(
                Markup.Escape(category.Category),
                category.WindowCount.ToString(CultureInfo.InvariantCulture),
                Both(category.AtDecision),
                Both(category.AtCorpusThreshold),
                Both(other.AtDecision),
                Both(other.AtCorpusThreshold),
                Alarms(pipeline, category.Category).ToString("N0", CultureInfo.InvariantCulture));
        }

        table.AddRow(
            "[bold]all[/]",
            streaming.Categories.Sum(static c => c.WindowCount).ToString(CultureInfo.InvariantCulture),
            $"[bold]{Number(streaming.AtDecision[standard].NormalisedScore, "0.0")}[/]",
            $"[bold]{Number(streaming.AtOptimisedThreshold[standard].NormalisedScore, "0.0")}[/]",
            $"[bold]{Number(pipeline.AtDecision[standard].NormalisedScore, "0.0")}[/]",
            $"[bold]{Number(pipeline.AtOptimisedThreshold[standard].NormalisedScore, "0.0")}[/]",
            $"[bold]{Alarms(pipeline, null).ToString("N0", CultureInfo.InvariantCulture)}[/]");
        console.Write(table);
        console.MarkupLine(Markup.Escape(FormattableString.Invariant(
            $"pipeline on these files: {pipeline.AtDecision[standard].NormalisedScore:0.0} own decision / {pipeline.AtOptimisedThreshold[standard].NormalisedScore:0.0} optimised threshold ({Alarms(pipeline, null):N0} alarms over {pipeline.Files.Sum(static f => f.Series.Count):N0} points); detect {streaming.AtDecision[standard].NormalisedScore:0.0} / {streaming.AtOptimisedThreshold[standard].NormalisedScore:0.0}")));
    }

    /// <summary>Each of the pipeline's models alone on the same files, and the ensemble that combines them (standard profile).</summary>
    public static void PrintPipelineModels(IAnsiConsole console, IReadOnlyList<(string Model, NabBenchmarkReport Report)> models)
    {
        var standard = NabProfile.Standard.Name;
        var table = new Table().Title("NAB standard: the pipeline's models one by one on the same files (normalised)")
            .AddColumns("model", "own decision", "optimised threshold", "alarms");
        foreach (var (model, report) in models)
        {
            table.AddRow(
                Markup.Escape(model),
                Number(report.AtDecision[standard].NormalisedScore, "0.0"),
                Number(report.AtOptimisedThreshold[standard].NormalisedScore, "0.0"),
                Alarms(report, null).ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }

    private static int Alarms(NabBenchmarkReport report, string? category) =>
        report.Files.Where(f => category is null || f.Category == category).Sum(static f => f.Detection.AnomalyCount);

    /// <summary>The files of one category, scored as they were in <paramref name="corpus"/>.</summary>
    private static NabCorpusScore Subset(NabCorpusScore corpus, string category) =>
        NabCorpusScore.Of(corpus.Profile, corpus.Threshold, [.. corpus.Files.Where(f => NabCorpus.CategoryOf(f.File) == category)]);

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
            .AddColumns("profile", "at the detector's decision", "own decision, 90 % interval over files", "at the corpus-optimised threshold", "threshold");
        foreach (var profile in NabProfile.All)
        {
            var atDecision = report.AtDecision[profile.Name];
            var optimised = report.AtOptimisedThreshold[profile.Name];
            var interval = NabScoreInterval.Of(atDecision);
            table.AddRow(profile.Name, Number(atDecision.NormalisedScore, "0.0"),
                interval is null ? "n/a" : $"{Number(interval.Low, "0.0")} to {Number(interval.High, "0.0")}",
                Number(optimised.NormalisedScore, "0.0"), Number(optimised.Threshold, "0.######"));
        }

        table.Caption(Markup.Escape(
            $"leave-one-category-out (standard; threshold chosen on the other categories): {Number(report.LeaveOneCategoryOutScore, "0.0")}; "
            + $"90 %: the 5th to 95th percentile over {NabScoreInterval.DefaultResamples:N0} resamples of these files (drawn with replacement): "
            + "how far the score moves with which files are scored, before any difference in the detector"));
        return table;
    }

    private static Table Categories(NabBenchmarkReport report)
    {
        var table = new Table().Title("NAB standard score per category (normalised; raw in brackets)")
            .AddColumns("category", "files", "windows", "found", "false alarms", "at decision", "at corpus threshold", "at held-out threshold");
        foreach (var category in report.Categories)
        {
            // Where a category's score goes: windows missed cost a full window each, false alarms a fraction each.
            table.AddRow(
                Markup.Escape(category.Category),
                category.FileCount.ToString(CultureInfo.InvariantCulture),
                category.WindowCount.ToString(CultureInfo.InvariantCulture),
                category.AtDecision.Files.Sum(static f => f.DetectedWindows).ToString(CultureInfo.InvariantCulture),
                category.AtDecision.Files.Sum(static f => f.FalsePositives).ToString(CultureInfo.InvariantCulture),
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
