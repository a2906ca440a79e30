using System.Diagnostics;
using System.Globalization;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.Detector;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.Detector.Models.Lstm;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.Generator;

namespace AnomalyPlatform.Bench;

/// <summary>
/// The <c>models</c> case: generates a run, builds the shared features once, then per model of the detector's catalog
/// prints one line: the wall time, processor time (all threads) and managed allocation of the model as the pipeline runs it (fit and score of every
/// record kind, <c>run_ms</c>, <c>allocated_mb</c>), and, for the models whose API separates them (Isolation Forest,
/// One-Class SVM, LSTM autoencoder), fit and score times measured apart on the same inputs. The statistical and trace
/// models fit while they score (per-series medians are the fit), so they show a dash there.
/// </summary>
internal static class ModelBench
{
    public static Task RunAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var options = new DetectorOptions();
        var columns = new TelemetryColumns();
        foreach (var batch in new TelemetryGenerator(new GeneratorOptions { Records = records }).GenerateBatches(cancellationToken))
        {
            columns.Append(batch.Records);
        }

        columns.Seal();
        DetectionInput? input = null;
        Print("features", records, Measure(() =>
        {
            var links = TraceLinks.Build(columns);
            input = new DetectionInput(columns, links, FeatureOptions.From(options));
        }), null);

        foreach (var model in RecordModelCatalog.Create(options))
        {
            var run = Measure(() => model.Run(input!, cancellationToken));
            Print(model.Name, records, run, Split(model.Name, input!, options, cancellationToken));
        }

        return Task.CompletedTask;
    }

    /// <summary>Fit and score times apart, summed over the record kinds the pipeline fits the model on; null where they do not separate.</summary>
    private static (TimeSpan Fit, TimeSpan Score)? Split(string model, DetectionInput input, DetectorOptions options, CancellationToken cancellationToken)
    {
        // The options mirror RecordModelCatalog's (which keeps its factories private): keep the two in step.
        Func<TelemetryKind, IOutlierDetector>? detectorFor = model switch
        {
            Contracts.Messages.ModelNames.IsolationForest => kind => new IsolationForest(new IsolationForestOptions
            {
                Trees = options.IsolationForestTrees,
                SampleSize = options.IsolationForestSampleSize,
                ScoreThreshold = options.IsolationForestScoreThreshold,
                Contamination = options.Contamination,
                Seed = unchecked(options.Seed * 31 + (int)kind),
            }),
            Contracts.Messages.ModelNames.OneClassSvm => kind => new OneClassSvm(new OneClassSvmOptions
            {
                Nu = options.OneClassSvmNu,
                Components = options.OneClassSvmComponents,
                ScoreThreshold = options.OneClassSvmScoreThreshold,
                Contamination = options.Contamination,
                Seed = unchecked(options.Seed * 31 + (int)kind),
            }),
            _ => null,
        };

        if (detectorFor is not null)
        {
            TimeSpan fit = TimeSpan.Zero, score = TimeSpan.Zero;
            foreach (var block in input.Features.Blocks)
            {
                if (block.Matrix.Rows >= MultivariateRecordModel.MinRows)
                {
                    var (f, s) = FitAndScore(detectorFor(block.Kind), block.Matrix, cancellationToken);
                    fit += f;
                    score += s;
                }
            }

            return (fit, score);
        }

        if (model == Contracts.Messages.ModelNames.LstmAutoencoder)
        {
            // As LstmAutoencoderRecordModel: one series per service and minute, counts floored at unit Poisson variance.
            var series = ServiceIntervalSeries.Build(input.Columns, TimeSpan.FromMinutes(1), ServiceIntervalSeries.MetricsOf(input.Columns), new LstmAutoencoderOptions().WindowLength);
            if (series.Intervals < LstmAutoencoderOptions.MinWindowLength)
            {
                return null;
            }

            var floors = new double[series.Matrix.Columns];
            floors[series.ErrorLogsColumnIndex] = 1.0;
            floors[series.EventsColumnIndex] = 1.0;
            return FitAndScore(new LstmAutoencoder(new LstmAutoencoderOptions { Seed = options.Seed, MinScales = floors }), series.Matrix, cancellationToken);
        }

        return null;
    }

    private static (TimeSpan Fit, TimeSpan Score) FitAndScore(IOutlierDetector detector, FeatureMatrix matrix, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var fitted = detector.Fit(matrix, cancellationToken);
        var fit = clock.Elapsed;
        var scores = new double[matrix.Rows];
        clock.Restart();
        fitted.Score(matrix, scores);
        return (fit, clock.Elapsed);
    }

    private static (TimeSpan Elapsed, TimeSpan Cpu, double AllocatedMb) Measure(Action action)
    {
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        clock.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return (clock.Elapsed, cpu, (GC.GetTotalAllocatedBytes(precise: true) - before) / 1048576.0);
    }

    private static void Print(string name, long records, (TimeSpan Elapsed, TimeSpan Cpu, double AllocatedMb) run, (TimeSpan Fit, TimeSpan Score)? split)
    {
        var fit = split is { } s ? s.Fit.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : "-";
        var score = split is { } t ? t.Score.TotalMilliseconds.ToString("0", CultureInfo.InvariantCulture) : "-";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"model={name,-17} records={records,9}  run_ms={run.Elapsed.TotalMilliseconds,8:0}  cpu_ms={run.Cpu.TotalMilliseconds,8:0}  fit_ms={fit,7}  score_ms={score,7}  allocated_mb={run.AllocatedMb,8:0.0}"));
    }
}
