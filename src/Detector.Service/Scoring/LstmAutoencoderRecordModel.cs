using AnomalyPlatform.Detector.Ensemble;
using System.Globalization;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Models;
using AnomalyPlatform.Detector.Models.Lstm;
using AnomalyPlatform.ServiceDefaults.Telemetry;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>
/// Runs the <see cref="LstmAutoencoder"/> (<see cref="ModelNames.LstmAutoencoder"/>) over per-service interval series
/// (<see cref="ServiceIntervalSeries"/>) and passes each cell's reconstruction error to the records it summarises.
/// A metric record gets the error of its own metric column, divided by that column's cut, times its instance's share
/// of the deviation (the instance that moved furthest in the direction of the error gets all of it, one that did not
/// move gets none), so a spike on one instance does not flag its healthy siblings. ERROR logs and events get the
/// error of their count column when the count is above what the model reconstructs. Spans and other logs are not
/// scored (NaN). Raw scores are ratios to the cut, so the threshold is 1 (or the contamination quantile).
/// </summary>
internal sealed class LstmAutoencoderRecordModel(DetectorOptions options, LstmAutoencoderOptions? modelOptions = null) : IRecordModel
{
    /// <summary>
    /// The shortest interval, the generator's metric interval: one row per service and minute, or per the metrics'
    /// own spacing when they are read less often (<see cref="ReadingSpacing"/>).
    /// </summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly LstmAutoencoderOptions _modelOptions = modelOptions ?? new LstmAutoencoderOptions { Seed = options.Seed };

    public string Name => _modelOptions.Name;

    public ModelOutput Run(DetectionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Run(input.Columns, input.MetricSeries, cancellationToken);
    }

    /// <summary>The model reads only the telemetry columns and their metric series (not the shared features or trace links).</summary>
    public ModelOutput Run(TelemetryColumns columns, CancellationToken cancellationToken) =>
        Run(columns, SeriesGrouping.MetricSeries(columns), cancellationToken);

    private ModelOutput Run(TelemetryColumns columns, SeriesGrouping metricSeries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var n = columns.Count;
        var raw = new double[n];
        Array.Fill(raw, double.NaN);
        var types = new byte[n];
        Array.Fill(types, ModelOutput.NoType);
        var flags = new bool[n];

        var interval = ReadingSpacing.Of(columns, metricSeries, Interval);
        var series = ServiceIntervalSeries.Build(columns, interval, ServiceIntervalSeries.MetricsOf(columns), _modelOptions.WindowLength);
        if (n == 0 || series.Intervals < LstmAutoencoderOptions.MinWindowLength)
        {
            return new ModelOutput(Name, 1.0, raw, flags, types, _ => $"{Name}: run too short for a window");
        }

        var matrix = series.Matrix;
        var width = matrix.Columns;
        var floors = new double[width];
        // Counts are Anscombe-transformed: unit Poisson variance is their natural scale floor.
        floors[series.ErrorLogsColumnIndex] = 1.0;
        floors[series.EventsColumnIndex] = 1.0;
        var autoencoder = new LstmAutoencoder(_modelOptions with { MinScales = floors });
        FittedLstmAutoencoder trained;
        using (PipelineTelemetry.StartFit(Name, "metric"))
        {
            trained = autoencoder.Train(matrix, cancellationToken);
        }

        var squaredError = new double[matrix.Rows * width];
        var residual = new double[matrix.Rows * width];
        using (PipelineTelemetry.StartScore(Name, "metric"))
        {
            trained.Reconstruct(matrix, squaredError, residual);
        }

        // Fitted on the records it scores, so their reconstruction is also what the thresholds are set from.
        var fitted = autoencoder.Thresholded(trained, matrix, squaredError);


        var shares = InstanceShares(columns.Values, series, fitted, residual);
        for (var row = 0; row < n; row++)
        {
            var cell = series.RecordCell[row];
            var column = series.RecordColumn[row];
            if (cell < 0 || double.IsNaN(squaredError[cell * width + column]))
            {
                continue;
            }

            var k = cell * width + column;
            var ratio = Math.Sqrt(squaredError[k]) / fitted.FeatureThreshold(column);
            var isCount = column >= series.ErrorLogsColumnIndex;
            raw[row] = isCount ? (residual[k] > 0 ? ratio : 0.0) : ratio * shares[row];
            types[row] = column == series.ErrorLogsColumnIndex ? AnomalyTypeCodes.ErrorLogBurst
                : column == series.EventsColumnIndex ? AnomalyTypeCodes.NoisyEvent
                : AnomalyTypeCodes.MetricSpike;
        }

        var threshold = options.Contamination is { } contamination ? ContaminationOverScored(raw, contamination) : 1.0;
        for (var row = 0; row < n; row++)
        {
            flags[row] = raw[row] > threshold;
        }

        string Reason(int row)
        {
            var cell = series.RecordCell[row];
            var column = series.RecordColumn[row];
            if (cell < 0)
            {
                return $"{Name}: not scored";
            }

            var k = cell * width + column;
            var group = cell / series.Intervals;
            var observed = matrix[cell, column];
            var center = fitted.CenterOf(column, group);
            var scale = fitted.ScaleOf(column, group);
            var standardised = Math.Clamp((observed - center) / scale, -_modelOptions.ClipZ, _modelOptions.ClipZ);
            var expected = center + scale * (standardised - residual[k]);
            var when = series.IntervalStart(cell);
            var error = Math.Sqrt(squaredError[k]);
            var minutes = (int)(interval.Ticks / TimeSpan.TicksPerMinute);
            var period = minutes == 1 ? "minute" : $"{minutes} minutes";
            var windowMinutes = fitted.WindowLength * minutes;
            if (column < series.ErrorLogsColumnIndex)
            {
                return string.Create(CultureInfo.InvariantCulture,
                    $"{Name}: mean {matrix.ColumnNames[column]} of {columns.ServiceAt(row)} in the {period} from {when:yyyy-MM-ddTHH:mm}Z was {observed:0.###} " +
                    $"where the {windowMinutes}-minute windows reconstruct {expected:0.###} (error {error:0.00}σ); this instance read " +
                    $"{columns.Values[row]:0.###}, {shares[row]:0%} of the largest deviation; {raw[row]:0.0}× the cut");
            }

            // Back from the Anscombe scale v = 2·√(k + 3/8) to counts.
            var what = column == series.ErrorLogsColumnIndex ? "ERROR logs" : "events";
            return string.Create(CultureInfo.InvariantCulture,
                $"{Name}: {FromAnscombe(observed):0} {what} at {columns.ServiceAt(row)} in the {period} from {when:yyyy-MM-ddTHH:mm}Z " +
                $"where the {windowMinutes}-minute windows reconstruct {FromAnscombe(expected):0.#} (error {error:0.00}σ, {raw[row]:0.0}× the cut)");
        }

        // Its view is coarse: one series per service and interval, shared by every instance and record in it. Half a vote
        // lets it confirm what the per-record models see without outvoting them on a single instance's reading.
        return new ModelOutput(Name, threshold, raw, flags, types, Reason, EnsembleRole.Voter, VoteWeight);
    }

    /// <summary>This model's weight among the ensemble's voters (the per-record models have 1, the statistical model 2).</summary>
    public const double VoteWeight = 0.5;

    /// <summary>
    /// Per metric record: its deviation from the service's median in the direction of the cell's residual, as a share
    /// of the largest such deviation among the records of the same cell and metric (1 when none deviates that way).
    /// </summary>
    private static double[] InstanceShares(ReadOnlySpan<double> values, ServiceIntervalSeries series, FittedLstmAutoencoder fitted, double[] residual)
    {
        var n = values.Length;
        var width = series.Matrix.Columns;
        var largest = new double[series.Matrix.Rows * width];
        var directed = new double[n];
        for (var row = 0; row < n; row++)
        {
            var cell = series.RecordCell[row];
            var column = series.RecordColumn[row];
            if (cell < 0 || column >= series.ErrorLogsColumnIndex)
            {
                continue;
            }

            var k = cell * width + column;
            if (double.IsNaN(residual[k]))
            {
                // No window covers the cell (its series is shorter than the window): nothing to share.
                continue;
            }

            var direction = Math.Sign(residual[k]);
            directed[row] = Math.Max(0, (values[row] - fitted.CenterOf(column, cell / series.Intervals)) * direction);
            largest[k] = Math.Max(largest[k], directed[row]);
        }

        // The directed deviations become the shares in place: one array of n, not two.
        var shares = directed;
        for (var row = 0; row < n; row++)
        {
            var cell = series.RecordCell[row];
            var column = series.RecordColumn[row];
            if (cell < 0 || column >= series.ErrorLogsColumnIndex)
            {
                continue;
            }

            var top = largest[cell * width + column];
            shares[row] = top > 0 ? directed[row] / top : 1.0;
        }

        return shares;
    }

    private static double FromAnscombe(double value) => Math.Max(0, value * value / 4 - 0.375);

    private static double ContaminationOverScored(double[] raw, double contamination)
    {
        var scored = new List<double>(raw.Length);
        foreach (var score in raw)
        {
            if (!double.IsNaN(score))
            {
                scored.Add(score);
            }
        }

        return ContaminationThreshold.FromScores(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(scored), contamination);
    }
}
