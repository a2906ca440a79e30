using System.Diagnostics;
using System.Globalization;
using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Detector.TimeSeries;
using Spectre.Console;

namespace AnomalyPlatform.Bench;

/// <summary>
/// The <c>detect</c> case: a seeded 5-minute series (daily season, noise, a few spikes and a level shift) of the given
/// length written as a NAB-format CSV, then <c>detect</c> on it end to end (read, score, write), and the streaming
/// detector alone on the values in memory, and the conformal window detector alone: points per second for each.
/// </summary>
internal static class DetectBench
{
    public static Task RunAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var input = Path.Combine(directory, "series.csv");
        WriteSeries(input, checked((int)records));
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) });
        var clock = Stopwatch.StartNew();
        var exitCode = DetectCommand.Run(console, ErrorConsole.Create(), input, Path.Combine(directory, "scores.csv"));
        var endToEnd = clock.Elapsed.TotalSeconds;
        if (exitCode != DetectCommand.Succeeded)
        {
            throw new InvalidOperationException($"detect exited with {exitCode}");
        }

        var series = TimeSeriesCsvReader.Read(input);
        clock.Restart();
        SeriesDetection.Run(series, DetectCommand.CreateDetector());
        var detectorOnly = clock.Elapsed.TotalSeconds;
        clock.Restart();
        SeriesDetection.Run(series, new ConformalWindowDetector());
        var conformal = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"detect        points={records,9}  detect_seconds={endToEnd,7:0.000}  detect_points/s={records / endToEnd,9:N0}  detector_points/s={records / detectorOnly,9:N0}  conformal_points/s={records / conformal,9:N0}"));
        return Task.CompletedTask;
    }

    private static void WriteSeries(string path, int count)
    {
        var random = new Random(42);
        var start = new DateTime(2014, 4, 1, 0, 0, 0, DateTimeKind.Utc);
        using var writer = new StreamWriter(path);
        writer.WriteLine("timestamp,value");
        for (var i = 0; i < count; i++)
        {
            var gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            var value = 50.0 + (20.0 * Math.Sin(2.0 * Math.PI * i / 288)) + (2.0 * gaussian);
            value += i % 5003 == 4000 ? 40.0 : 0.0;
            value += i > count / 2 ? 10.0 : 0.0;
            writer.Write(start.AddMinutes(5.0 * i).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            writer.Write(',');
            writer.WriteLine(value.ToString("R", CultureInfo.InvariantCulture));
        }
    }
}
