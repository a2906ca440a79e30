using System.Globalization;
using AnomalyPlatform.Detector.Nab;
using AnomalyPlatform.Detector.TimeSeries;

// Scores several configurations of RobustStreamingDetector on a NAB folder and estimates how well choosing one of them
// generalises: for each category, the configuration (and threshold) best on the other four is scored on it.
// Usage: NabSweep NAB_FOLDER GRID_FILE [WORKERS]   (GRID_FILE: one configuration a line, "Name=value;Name=value"; an
// empty line is the defaults; WORKERS: configurations run at once, 2 by default). Prints one line per configuration, then the held-out choices and their totals.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: NabSweep NAB_FOLDER GRID_FILE [WORKERS]");
    return 2;
}

var corpus = NabCorpus.Open(args[0]);
var labels = await NabLabels.LoadAsync(corpus.DefaultLabelsPath ?? throw new FileNotFoundException("no labels"), CancellationToken.None);
var files = corpus.Files.Where(f => labels.TryGetWindows(f, out _)).ToList();
var series = files.Select(f => TimeSeriesCsvReader.Read(corpus.PathOf(f))).ToList();
var grid = File.ReadAllLines(args[1]);
var standard = NabProfile.Standard;
var runs = new List<NabFileRun>[grid.Length];
// Two workers by default: the machine is shared, and each configuration takes about two seconds.
var workers = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
Parallel.For(0, grid.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
{
    var options = ParseOptions(grid[c]);
    runs[c] = [];
    for (var i = 0; i < files.Count; i++)
    {
        labels.TryGetWindows(files[i], out var windows);
        var detection = SeriesDetection.Run(series[i], new RobustStreamingDetector(options));
        runs[c].Add(NabFileRun.Create(files[i], series[i], detection, windows, TimeSpan.Zero));
    }
});

for (var c = 0; c < grid.Length; c++)
{
    var report = NabBenchmarkReport.Create(runs[c]);
    // Raw score per category at the detector's own decision: where a setting gains or loses.
    var byCategory = string.Join(' ', runs[c].GroupBy(static r => r.Category).OrderBy(static g => g.Key, StringComparer.Ordinal).Select(g =>
        FormattableString.Invariant($"{g.Key[..Math.Min(8, g.Key.Length)]}:{NabCorpusScorer.ScoreAt(g.Select(static r => r.ByDecision).ToList(), 0.5, standard).RawScore:0.00}")));
    Console.WriteLine(FormattableString.Invariant(
        $"#{c} own {report.AtDecision[standard.Name].NormalisedScore:0.00} optimised {report.AtOptimisedThreshold[standard.Name].NormalisedScore:0.00} threshold-held-out {report.LeaveOneCategoryOutScore:0.00} [{grid[c]}] {byCategory}"));
}

PrintHeldOut(byDecision: false);
PrintHeldOut(byDecision: true);
return 0;

void PrintHeldOut(bool byDecision)
{
    double raw = 0, none = 0, perfect = 0;
    foreach (var category in runs[0].Select(static r => r.Category).Distinct().Order(StringComparer.Ordinal))
    {
        // Ties go to the earlier line, so the grid's first line (the defaults) wins a tie.
        var best = double.NegativeInfinity;
        var chosen = 0;
        var threshold = 0.5;
        for (var c = 0; c < grid.Length; c++)
        {
            var outside = runs[c].Where(r => r.Category != category).ToList();
            var score = byDecision
                ? NabCorpusScorer.ScoreAt(outside.Select(static r => r.ByDecision).ToList(), 0.5, standard)
                : NabCorpusScorer.Optimise(outside.Select(static r => r.ByScore).ToList(), standard);
            if (score.RawScore > best + 1e-9)
            {
                (best, chosen, threshold) = (score.RawScore, c, score.Threshold);
            }
        }

        var inside = runs[chosen].Where(r => r.Category == category).ToList();
        var heldOut = NabCorpusScorer.ScoreAt(inside.Select(r => byDecision ? r.ByDecision : r.ByScore).ToList(), threshold, standard);
        (raw, none, perfect) = (raw + heldOut.RawScore, none + heldOut.NullScore, perfect + heldOut.PerfectScore);
        Console.WriteLine(FormattableString.Invariant($"  {category}: #{chosen} [{grid[chosen]}], raw {heldOut.RawScore:0.00}"));
    }

    Console.WriteLine(FormattableString.Invariant(
        $"configuration held out ({(byDecision ? "own decision" : "threshold chosen with it")}): {100 * (raw - none) / (perfect - none):0.00}"));
}

static RobustStreamingDetectorOptions ParseOptions(string line)
{
    var options = new RobustStreamingDetectorOptions();
    foreach (var setting in line.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        var parts = setting.Split('=', 2);
        var property = typeof(RobustStreamingDetectorOptions).GetProperty(parts[0])
                       ?? throw new ArgumentException($"No detector option {parts[0]}.");
        // Options are init-only; reflection sets them as configuration binding does.
        var value = property.PropertyType.IsEnum
            ? Enum.Parse(property.PropertyType, parts[1])
            : Convert.ChangeType(parts[1], property.PropertyType, CultureInfo.InvariantCulture);
        property.SetValue(options, value);
    }

    options.Validate();
    return options;
}
