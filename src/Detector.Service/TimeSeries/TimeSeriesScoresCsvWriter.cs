using System.Globalization;
using nietras.SeparatedValues;

namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>Writes <c>timestamp,value,score,is_anomaly</c>, one row per input row, echoing the input's timestamp and value text.</summary>
public static class TimeSeriesScoresCsvWriter
{
    public static void Write(string path, UnivariateSeries series, SeriesDetection detection)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(detection);
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        using var writer = Sep.New(',').Writer().ToFile(path);
        writer.Header.Add(["timestamp", "value", "score", "is_anomaly"]);
        writer.Header.Write();
        for (var i = 0; i < series.Count; i++)
        {
            using var row = writer.NewRow();
            row["timestamp"].Set(series.TimestampTexts[i]);
            row["value"].Set(series.ValueTexts[i]);
            row["score"].Set(detection.Scores[i].ToString("0.######", CultureInfo.InvariantCulture));
            row["is_anomaly"].Set(detection.IsAnomaly[i] ? "true" : "false");
        }
    }
}
