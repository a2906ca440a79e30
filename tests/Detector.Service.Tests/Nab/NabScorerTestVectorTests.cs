using System.Globalization;
using AnomalyPlatform.Detector.Nab;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Tests.Nab;

/// <summary>
/// The scorer against NAB's own figures: Numenta HTM's published outputs for the 31 files, at its published threshold,
/// must reproduce the per-file <c>Score</c> column of numenta_standard_scores.csv and 69.5 over the corpus.
/// </summary>
public sealed class NabScorerTestVectorTests
{
    private const double NumentaThreshold = 0.5421876907348634;

    [NabFact]
    public async Task Numenta_published_outputs_score_69_5_and_match_every_file_score()
    {
        var root = NabTestData.Root!;
        var labels = await NabLabels.LoadAsync(Path.Combine(root, "labels", "combined_windows.json"), CancellationToken.None);
        var published = ReadPublishedScores(Path.Combine(root, "results", "numenta", "numenta_standard_scores.csv"));
        var sweeps = new List<NabFileSweep>();
        foreach (var file in File.ReadAllLines(Path.Combine(root, "files.txt")).Where(static l => l.Trim().Length > 0))
        {
            var category = file[..file.IndexOf('/')];
            var name = file[(file.IndexOf('/') + 1)..];
            var outputs = TimeSeriesCsvReader.Read(Path.Combine(root, "results", "numenta", category, "numenta_" + name), "anomaly_score");
            Assert.True(labels.TryGetWindows(file, out var windows), file);
            sweeps.Add(NabFileSweep.Create(file, outputs.Timestamps, outputs.Values, windows));
        }

        var corpus = NabCorpusScorer.ScoreAt(sweeps, NumentaThreshold, NabProfile.Standard);

        Assert.Equal(31, corpus.Files.Count);
        foreach (var file in corpus.Files)
        {
            Assert.True(Math.Abs(published[file.File] - file.Score) < 1e-6, $"{file.File}: published {published[file.File]}, scored {file.Score}");
        }

        Assert.Equal(69.5, corpus.NormalisedScore, 0.05);
    }

    [NabFact]
    public async Task Optimised_threshold_scores_at_least_the_published_threshold()
    {
        var root = NabTestData.Root!;
        var labels = await NabLabels.LoadAsync(Path.Combine(root, "labels", "combined_windows.json"), CancellationToken.None);
        var sweeps = new List<NabFileSweep>();
        foreach (var file in new[] { "realKnownCause/nyc_taxi.csv", "realTraffic/speed_7578.csv", "artificialWithAnomaly/art_daily_jumpsup.csv" })
        {
            var name = file[(file.IndexOf('/') + 1)..];
            var outputs = TimeSeriesCsvReader.Read(Path.Combine(root, "results", "numenta", file[..file.IndexOf('/')], "numenta_" + name), "anomaly_score");
            labels.TryGetWindows(file, out var windows);
            sweeps.Add(NabFileSweep.Create(file, outputs.Timestamps, outputs.Values, windows));
        }

        var atPublished = NabCorpusScorer.ScoreAt(sweeps, NumentaThreshold, NabProfile.Standard);
        var optimised = NabCorpusScorer.Optimise(sweeps, NabProfile.Standard);

        Assert.True(optimised.RawScore >= atPublished.RawScore - 1e-12);
        Assert.Equal(optimised.RawScore, NabCorpusScorer.ScoreAt(sweeps, optimised.Threshold, NabProfile.Standard).RawScore, 9);
    }

    private static Dictionary<string, double> ReadPublishedScores(string path)
    {
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path).Skip(1))
        {
            var cells = line.Split(',');
            if (cells[0] != "Totals")
            {
                scores[cells[2]] = double.Parse(cells[4], CultureInfo.InvariantCulture);
            }
        }

        return scores;
    }
}
