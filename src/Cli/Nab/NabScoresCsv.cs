using System.Globalization;
using AnomalyPlatform.Detector.Nab;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Cli.Nab;

/// <summary>Writes <c>nab_scores.csv</c>: one row per file and profile, in NAB's column spirit, at the decision and at the optimised threshold.</summary>
internal static class NabScoresCsv
{
    public static void Write(string path, NabBenchmarkReport report)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = Sep.New(',').Writer().ToFile(path);
        foreach (var profile in NabProfile.All)
        {
            WriteRows(writer, "decision", report.AtDecision[profile.Name]);
            WriteRows(writer, "optimised", report.AtOptimisedThreshold[profile.Name]);
        }
    }

    private static void WriteRows(SepWriter writer, string mode, NabCorpusScore corpus)
    {
        foreach (var file in corpus.Files)
        {
            using var row = writer.NewRow();
            row["profile"].Set(corpus.Profile.Name);
            row["mode"].Set(mode);
            row["threshold"].Set(corpus.Threshold.ToString("R", CultureInfo.InvariantCulture));
            row["file"].Set(file.File);
            row["score"].Set(file.Score.ToString("0.000000", CultureInfo.InvariantCulture));
            row["tp"].Set(file.TruePositives.ToString(CultureInfo.InvariantCulture));
            row["fp"].Set(file.FalsePositives.ToString(CultureInfo.InvariantCulture));
            row["fn"].Set(file.FalseNegatives.ToString(CultureInfo.InvariantCulture));
            row["tn"].Set(file.TrueNegatives.ToString(CultureInfo.InvariantCulture));
            row["windows"].Set(file.Windows.ToString(CultureInfo.InvariantCulture));
            row["detected_windows"].Set(file.DetectedWindows.ToString(CultureInfo.InvariantCulture));
        }
    }
}
