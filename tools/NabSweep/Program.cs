using System.Globalization;
using AnomalyPlatform.Detector.Nab;
using AnomalyPlatform.Detector.TimeSeries;

// Scores several detector configurations on a NAB folder and estimates how well choosing one of them generalises: for
// each category, the configuration (and threshold) best on the other categories is scored on it (NabNestedSelection).
// Usage: NabSweep NAB_FOLDER GRID_FILE [WORKERS]   (GRID_FILE: one configuration a line, "Name=value;Name=value" for
// RobustStreamingDetector, "conformal: Name=value;..." for ConformalWindowDetector; an empty line is the robust
// detector's defaults, "conformal:" alone the conformal one's; '#' starts a comment line; WORKERS: configurations run at
// once, 2 by default). Prints one line per configuration (and, with NABSWEEP_FILES=1, one per configuration and file),
// then the held-out choices and their totals for the standard and reward_low_FP_rate profiles. NABSWEEP_RATE=half takes
// every series at half its rate (every other point), =double at twice it (a point interpolated between each pair); the
// labelled windows are times, so they stay: a check of how much a configuration depends on the files' sample counts.
// NABSWEEP_PERTURB=drop:F removes a fraction F of each series' points at random, =repeat:F writes a fraction F of them
// twice, =offset:V adds V to every value, =jitter:S moves each timestamp by up to S seconds either way, =trend:F adds a
// linear rise of F times the series' range over the file, =noise:F adds Gaussian noise of F times the range, =gap:F
// removes one run of a fraction F of the points (starting between 20 % and 80 % of the file), =quantize:F rounds every
// value to a multiple of F times the range (seeded per file, so every configuration sees the same copy): real telemetry
// misses samples and repeats them, drifts and jitters, stops for hours, is reported in coarse steps (a CPU percentage
// to whole or tenth units), and a detector should not care where zero is. NABSWEEP_WHY=1 prints each alarm the first
// configuration raises after the probation, whether it falls in a labelled window and which signal raised it.
if (args.Length is < 2 or > 3)
{
    Console.Error.WriteLine("usage: NabSweep NAB_FOLDER GRID_FILE [WORKERS]");
    return 2;
}

var corpus = NabCorpus.Open(args[0]);
var labels = await NabLabels.ForCorpusAsync(corpus, labelsPath: null, CancellationToken.None);
var files = corpus.Files.Where(f => labels.TryGetWindows(f, out _)).ToList();
var rate = Environment.GetEnvironmentVariable("NABSWEEP_RATE");
var perturbation = Environment.GetEnvironmentVariable("NABSWEEP_PERTURB");
var series = files.Select((f, i) => Perturb(Resample(TimeSeriesCsvReader.Read(corpus.PathOf(f)), rate), perturbation, seed: i)).ToList();
var grid = File.ReadAllLines(args[1]).Where(static l => !l.TrimStart().StartsWith('#')).ToArray();
var standard = NabProfile.Standard;
var runs = new IReadOnlyList<NabFileRun>[grid.Length];
var workers = args.Length == 3 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
Parallel.For(0, grid.Length, new ParallelOptions { MaxDegreeOfParallelism = workers }, c =>
{
    var create = Factory(grid[c]);
    var list = new List<NabFileRun>();
    for (var i = 0; i < files.Count; i++)
    {
        labels.TryGetWindows(files[i], out var windows);
        list.Add(NabFileRun.Create(files[i], series[i], SeriesDetection.Run(series[i], create()), windows, TimeSpan.Zero));
    }

    runs[c] = list;
});

for (var c = 0; c < grid.Length; c++)
{
    var report = NabBenchmarkReport.Create(runs[c]);
    // Raw score per category at the detector's own decision: where a setting gains or loses.
    var byCategory = string.Join(' ', runs[c].GroupBy(static r => r.Category).OrderBy(static g => g.Key, StringComparer.Ordinal).Select(g =>
        FormattableString.Invariant($"{g.Key[..Math.Min(8, g.Key.Length)]}:{NabCorpusScorer.ScoreAt(g.Select(static r => r.ByDecision).ToList(), 0.5, standard).RawScore:0.00}")));
    Console.WriteLine(FormattableString.Invariant(
        $"#{c} own {report.AtDecision[standard.Name].NormalisedScore:0.00} lowFP {report.AtDecision[NabProfile.RewardLowFalsePositiveRate.Name].NormalisedScore:0.00} optimised {report.AtOptimisedThreshold[standard.Name].NormalisedScore:0.00} threshold-held-out {report.LeaveOneCategoryOutScore:0.00} [{grid[c]}] {byCategory}"));
}

if (Environment.GetEnvironmentVariable("NABSWEEP_FILES") == "1")
{
    for (var c = 0; c < grid.Length; c++)
    {
        foreach (var r in runs[c])
        {
            var d = r.ByDecision.ScoreAt(0.5, standard);
            Console.WriteLine(FormattableString.Invariant($"  #{c} {r.File,-60} alarms {r.Detection.AnomalyCount,4} found {d.DetectedWindows}/{d.Windows} fp {d.FalsePositives,3} raw {d.Score:0.00}"));
        }
    }
}

if (Environment.GetEnvironmentVariable("NABSWEEP_WHY") == "1")
{
    for (var i = 0; i < files.Count; i++)
    {
        labels.TryGetWindows(files[i], out var windows);
        ExplainAlarms(files[i], series[i], windows!, Factory(grid[0])());
    }
}

var candidateRuns = new NabCandidateRuns(grid.Select((g, c) => new NabCandidate($"#{c} [{g}]", Factory(g))).ToList(), runs);
foreach (var profile in new[] { standard, NabProfile.RewardLowFalsePositiveRate })
{
    foreach (var byDecision in new[] { false, true })
    {
        var estimate = NabNestedSelection.Estimate(candidateRuns, profile, byDecision);
        foreach (var category in estimate.Categories)
        {
            Console.WriteLine(FormattableString.Invariant($"  {category.Category}: {category.Chosen}, raw {category.HeldOut.RawScore:0.00}"));
        }

        Console.WriteLine(FormattableString.Invariant(
            $"{profile.Name} configuration held out ({(byDecision ? "own decision" : "threshold chosen with it")}): {estimate.HeldOutScore:0.00}; in sample {estimate.InSample.NormalisedScore:0.00} with {estimate.ChosenOnAll}"));
    }
}

return 0;

static Func<IStreamingAnomalyDetector> Factory(string line) => NabCandidates.Parse(line).Create;

// One line per alarm after NAB's probation: inside a labelled window or not, and, for the robust detector, the signal
// that raised it and its ratio (where false alarms come from, by signal).
static void ExplainAlarms(string file, UnivariateSeries series, IReadOnlyList<NabWindow> windows, IStreamingAnomalyDetector detector)
{
    var probation = Math.Min((int)Math.Floor(0.15 * series.Count), 750);
    for (var j = 0; j < series.Count; j++)
    {
        var point = detector.Update(series.Timestamps[j], series.Values[j]);
        if (!point.IsAnomaly || j < probation)
        {
            continue;
        }

        var time = series.Timestamps[j];
        var inside = windows.Any(w => time >= w.Start && time <= w.End);
        var why = detector is RobustStreamingDetector robust ? FormattableString.Invariant($"{robust.LastSignal} {robust.LastRatio:0.00}") : "";
        Console.WriteLine(FormattableString.Invariant($"  alarm {file} row {j} {time:yyyy-MM-dd HH:mm} {(inside ? "in a window" : "false")} score {point.Score:0.000} {why}"));
    }
}

static UnivariateSeries Resample(UnivariateSeries series, string? rate)
{
    var points = new List<(DateTime Time, double Value)>();
    switch (rate)
    {
        case null or "" or "same":
            return series;
        case "half":
            for (var i = 0; i < series.Count; i += 2)
            {
                points.Add((series.Timestamps[i], series.Values[i]));
            }

            break;
        case "double":
            for (var i = 0; i < series.Count; i++)
            {
                points.Add((series.Timestamps[i], series.Values[i]));
                if (i + 1 < series.Count)
                {
                    var gap = series.Timestamps[i + 1] - series.Timestamps[i];
                    points.Add((series.Timestamps[i] + (gap / 2), (series.Values[i] + series.Values[i + 1]) / 2));
                }
            }

            break;
        default:
            throw new ArgumentException($"NABSWEEP_RATE must be half, double or same, not '{rate}'.");
    }

    return FromPoints(series.Source, points);
}

static UnivariateSeries Perturb(UnivariateSeries series, string? spec, int seed)
{
    if (string.IsNullOrEmpty(spec))
    {
        return series;
    }

    var unknown = new ArgumentException($"NABSWEEP_PERTURB must be drop:F, repeat:F, offset:V, jitter:S, trend:F, noise:F, gap:F or quantize:F, not '{spec}'.");
    var parts = spec.Split(':', 2);
    var amount = parts.Length == 2 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : throw unknown;
    var random = new Random(seed);
    var range = series.Values.Max() - series.Values.Min();
    var points = new List<(DateTime Time, double Value)>();
    // Its own generator, so that the other perturbations draw what they drew before gap:F existed.
    var gapStart = (int)(series.Count * (0.2 + (0.6 * new Random(seed).NextDouble())));
    for (var i = 0; i < series.Count; i++)
    {
        var point = (series.Timestamps[i], series.Values[i]);
        switch (parts[0])
        {
            case "drop" when random.NextDouble() < amount:
                break;
            case "drop":
                points.Add(point);
                break;
            case "repeat":
                points.Add(point);
                if (random.NextDouble() < amount)
                {
                    points.Add(point);
                }

                break;
            case "offset":
                points.Add((point.Item1, point.Item2 + amount));
                break;
            case "jitter":
                points.Add((point.Item1.AddSeconds(amount * ((2 * random.NextDouble()) - 1)), point.Item2));
                break;
            case "trend":
                points.Add((point.Item1, point.Item2 + (amount * range * i / series.Count)));
                break;
            case "gap" when i >= gapStart && i < gapStart + (amount * series.Count):
                break;
            case "gap":
                points.Add(point);
                break;
            case "quantize" when range > 0:
                points.Add((point.Item1, Math.Round(point.Item2 / (amount * range)) * amount * range));
                break;
            case "quantize":
                points.Add(point);
                break;
            case "noise":
                points.Add((point.Item1, point.Item2 + (amount * range * Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble()))));
                break;
            default:
                throw unknown;
        }
    }

    return FromPoints(series.Source, points);
}

static UnivariateSeries FromPoints(string source, List<(DateTime Time, double Value)> points) => new(
    source,
    [.. points.Select(static p => p.Time)],
    [.. points.Select(static p => p.Value)],
    [.. points.Select(static p => p.Time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture))],
    [.. points.Select(static p => p.Value.ToString("R", CultureInfo.InvariantCulture))]);
