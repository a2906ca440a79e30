using System.CommandLine;
using System.Diagnostics;
using AnomalyPlatform.Cli.Embedded;
using AnomalyPlatform.Cli.Reports;
using AnomalyPlatform.Detector.TimeSeries;
using AnomalyPlatform.RootCause.Output;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// <c>detect</c>: scores a <c>timestamp,value</c> CSV with the streaming detector and writes
/// <c>timestamp,value,score,is_anomaly</c>, one row per input row (or, with <c>--every</c>, per interval it averages
/// over). No labels, no per-file settings.
/// </summary>
internal static class DetectCommand
{
    public const int Succeeded = 0;

    /// <summary>The input is missing or malformed; the message names the file, the line and the reason.</summary>
    public const int MalformedInput = 2;

    public static Command Create(IAnsiConsole console, IAnsiConsole errors)
    {
        var input = new Option<string>("--input") { Description = "Time series CSV with a header timestamp,value (NAB format); other columns are ignored.", Required = true };
        var timeColumn = new Option<string>("--time-column")
        {
            Description = "The column holding the times, named in any letter case.",
            DefaultValueFactory = _ => TimeSeriesCsvReader.TimestampColumn,
        };
        var valueColumn = new Option<string>("--value-column")
        {
            Description = "The column holding the readings, named in any letter case (one series of a file of several: --value-column cpu).",
            DefaultValueFactory = _ => TimeSeriesCsvReader.ValueColumn,
        };
        var output = new Option<string>("--output") { Description = "Scores CSV to write: timestamp,value,score,is_anomaly.", Required = true };
        var every = AveragingOption.Create(
            "one scored row per interval. The detector was chosen on series sampled every 5 minutes to an hour; per-minute metrics averaged to 5m are judged as those were.");
        var command = new Command("detect", "Score a univariate time series (timestamp,value CSV) for anomalies, streaming, without labels.");
        command.Options.Add(input);
        command.Options.Add(output);
        command.Options.Add(every);
        command.Options.Add(timeColumn);
        command.Options.Add(valueColumn);
        command.SetAction(parseResult => Run(
            console,
            errors,
            parseResult.GetValue(input)!,
            parseResult.GetValue(output)!,
            parseResult.GetValue(every),
            new SeriesColumns(parseResult.GetValue(timeColumn)!, parseResult.GetValue(valueColumn)!)));
        return command;
    }

    /// <summary>The streaming detector <c>detect</c> and <c>evaluate-nab</c> use, one per series.</summary>
    internal static IStreamingAnomalyDetector CreateDetector() => new RobustStreamingDetector();

    internal static int Run(IAnsiConsole console, IAnsiConsole errors, string inputPath, string outputPath, string? every = null, SeriesColumns? columns = null)
    {
        columns ??= SeriesColumns.Default;
        if (string.Equals(columns.Time.Trim(), columns.Value.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            errors.MarkupLineInterpolated($"[red]--time-column and --value-column both name '{columns.Time}': the readings and their times must be two columns.[/]");
            return MalformedInput;
        }

        if (!AveragingOption.TryRead(errors, every, out var interval))
        {
            return MalformedInput;
        }

        if (!File.Exists(inputPath))
        {
            var why = Directory.Exists(inputPath) ? "is a folder: --input takes one CSV file" : "file not found";
            errors.MarkupLineInterpolated($"[red]{inputPath}: {why}.[/]");
            return MalformedInput;
        }

        if (OutputProblem(inputPath, outputPath) is { } problem)
        {
            errors.MarkupLineInterpolated($"[red]{problem}[/]");
            return MalformedInput;
        }

        UnivariateSeries series;
        try
        {
            series = TimeSeriesCsvReader.Read(inputPath, columns.Value, columns.Time);
        }
        catch (TimeSeriesFormatException ex)
        {
            var hint = ex.MissingColumn is null ? "" : "; --time-column and --value-column name the columns to read";
            errors.MarkupLineInterpolated($"[red]Rejected {ex.Message}{hint}[/]");
            return MalformedInput;
        }

        if (series.MissingValues > 0)
        {
            console.MarkupLineInterpolated(
                $"[yellow]{inputPath}: {series.MissingValuesNote}; they are not scored and not in the output.[/]");
        }

        if (series.BackwardSteps > 0)
        {
            console.MarkupLineInterpolated(
                $"[yellow]{inputPath}: {series.BackwardSteps:N0} row(s) have a timestamp earlier than the row before (the first at line {series.FirstBackwardLine}); kept and scored in file order.[/]");
        }

        if (series.RepeatedTimestamps > 0)
        {
            console.MarkupLineInterpolated(
                $"[yellow]{inputPath}: {series.RepeatedTimestamps:N0} row(s) repeat the timestamp of the row before (the first at line {series.FirstRepeatedLine}); kept and scored in file order as one series. Several series in one file (hosts, metrics) are scored one at a time: split the file, or name the column with --value-column.[/]");
        }

        var spacing = series.TypicalSpacing();
        PrintLongestStep(console, inputPath, series, spacing);

        if (interval == TimeSpan.Zero && spacing > TimeSpan.Zero && spacing < ChosenSpacing)
        {
            // Not an error and not done for the user: averaging changes the rows written. But the detector counts its
            // windows, calibration and refractory period in readings, so a per-minute series looks five times as long to it.
            console.MarkupLineInterpolated(
                $"[yellow]{inputPath}: a reading every {Spacing(spacing)}; the detector was chosen on series sampled every 5 minutes to an hour, and --every 5m averages the series to that rate first (see the README, \"Real data\").[/]");
        }

        if (interval > TimeSpan.Zero)
        {
            var read = series.Count;
            series = SeriesAveraging.Average(series, interval);
            console.MarkupLineInterpolated($"Averaged {read:N0} rows into {series.Count:N0} intervals of {every}.");
        }

        if (series.Count <= LearningReadings)
        {
            console.MarkupLineInterpolated(
                $"[yellow]{inputPath}: {series.Count:N0} reading(s) to score; the detector learns what is usual from its first {LearningReadings} and flags nothing before, so these get no verdict{(interval > TimeSpan.Zero ? " (a shorter --every keeps more)" : "")}.[/]");
        }

        var stopwatch = Stopwatch.StartNew();
        var detection = SeriesDetection.Run(series, CreateDetector());
        try
        {
            TimeSeriesScoresCsvWriter.Write(outputPath, series, detection);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.MarkupLineInterpolated($"[red]{outputPath} cannot be written: {ex.Message}[/]");
            return MalformedInput;
        }

        console.MarkupLineInterpolated(
            $"Scored {series.Count:N0} rows of {inputPath} in {stopwatch.Elapsed.TotalSeconds:0.00} s: {Plural.Of(detection.AnomalyCount, "anomaly", "anomalies", "N0")} -> {outputPath}");
        return Succeeded;
    }

    /// <summary>The readings the detector learns from before it flags anything (its warm-up).</summary>
    private static readonly int LearningReadings = new RobustStreamingDetectorOptions().WarmUpPoints;

    /// <summary>
    /// Says where the series stops for far longer than it is sampled (a host down for a month, two exports joined): the
    /// detector counts readings, not time, so it carries on across the gap as if none had passed.
    /// </summary>
    /// <param name="spacing">The series' typical spacing (<see cref="UnivariateSeries.TypicalSpacing"/>).</param>
    private static void PrintLongestStep(IAnsiConsole console, string inputPath, UnivariateSeries series, TimeSpan spacing)
    {
        var (step, from, to) = series.LongestStep();
        if (spacing > TimeSpan.Zero && step > TimeSpan.FromTicks(spacing.Ticks * LongGap) && step >= TimeSpan.FromHours(1))
        {
            console.MarkupLineInterpolated(
                $"[yellow]{inputPath}: no reading for {TimeSpanText.Of(step)}, from {from:yyyy-MM-dd HH:mm:ss} to {to:yyyy-MM-dd HH:mm:ss} (a reading every {Spacing(spacing)} elsewhere); the detector counts readings, not time, and carries on across it.[/]");
        }
    }

    /// <summary>A step this many typical spacings long is a gap worth naming.</summary>
    private const int LongGap = 100;

    /// <summary>The slowest sampling the detector was not chosen on: NAB's series are sampled every 5 minutes to an hour.</summary>
    private static readonly TimeSpan ChosenSpacing = TimeSpan.FromMinutes(5);

    private static string Spacing(TimeSpan spacing) =>
        spacing >= TimeSpan.FromMinutes(1) ? FormattableString.Invariant($"{spacing.TotalMinutes:0.#} min")
        : spacing >= TimeSpan.FromSeconds(1) ? FormattableString.Invariant($"{spacing.TotalSeconds:0.#} s")
        : FormattableString.Invariant($"{spacing.TotalMilliseconds:0.#} ms");

    /// <summary>Why the scores cannot go to <paramref name="outputPath"/>, checked before the work; null when they can.</summary>
    private static string? OutputProblem(string inputPath, string outputPath)
    {
        if (string.IsNullOrWhiteSpace(outputPath))
        {
            return "No output file was given (--output is empty).";
        }

        var output = Path.GetFullPath(outputPath);
        if (Directory.Exists(output))
        {
            return $"{outputPath} is a folder: --output takes the name of the scores CSV to write.";
        }

        if (string.Equals(output, Path.GetFullPath(inputPath), StringComparison.Ordinal))
        {
            return $"--output is the input file {inputPath}: the scores would overwrite the series.";
        }

        return OutputFolder.CheckWritable(Path.GetDirectoryName(output)!);
    }

    /// <summary>The names of the two columns <c>detect</c> reads.</summary>
    internal sealed record SeriesColumns(string Time, string Value)
    {
        public static readonly SeriesColumns Default = new(TimeSeriesCsvReader.TimestampColumn, TimeSeriesCsvReader.ValueColumn);
    }
}
