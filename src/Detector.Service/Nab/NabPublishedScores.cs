using System.Globalization;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>A published detector's NAB standard score, as listed in the data folder's README table.</summary>
public sealed record NabPublishedScore(string Detector, double Score)
{
    /// <summary>Reads the <c>| detector | score |</c> rows of the README; empty when the file or the table is absent.</summary>
    public static IReadOnlyList<NabPublishedScore> ReadFromReadme(string? readmePath)
    {
        if (readmePath is null || !File.Exists(readmePath))
        {
            return [];
        }

        var scores = new List<NabPublishedScore>();
        foreach (var line in File.ReadLines(readmePath))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            // "| ARTime | 73.5 |" splits into ["", "ARTime", "73.5", ""].
            if (cells.Length == 4 && cells[0].Length == 0 && cells[3].Length == 0
                && double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var score))
            {
                scores.Add(new NabPublishedScore(cells[1], score));
            }
        }

        return scores;
    }
}
