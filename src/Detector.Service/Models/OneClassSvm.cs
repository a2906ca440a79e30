using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// A One-Class SVM that scales: an RBF kernel approximated by random Fourier features, and a linear one-class SVM in
/// that feature space trained by stochastic gradient descent on Schölkopf's ν-formulation,
/// min over (w, ρ) of ½‖w‖² + 1/(νn)·Σ max(0, ρ − w·z(xᵢ)) − ρ.
/// </summary>
/// <remarks>
/// Why random Fourier features rather than Nyström: the map is data-independent (drawn from the seed and γ alone),
/// costs O(d·D) per row with no kernel evaluations against landmarks, and its error does not depend on how well a
/// landmark sample covers rare regions — which for outlier detection is exactly where Nyström's landmarks are thin.
/// Why SGD rather than libsvm on a sample: training is O(epochs·n·D) and the fitted model is a D-vector, so scoring a
/// million rows costs a million D-wide cosines and dot products, independent of the number of support vectors.
/// Steps follow Pegasos (Shalev-Shwartz et al., 2011) on the objective multiplied by ν (strongly convex in w with
/// modulus ν), started from the kernel mean embedding, with Polyak averaging over the second half of the steps. Given
/// w, the optimal ρ is the ν-quantile of w·z(xᵢ) over the training rows (the ν-property), so ρ is finally set to it
/// exactly. Features are robustly scaled first and γ defaults to the median heuristic, 1 / median‖xᵢ − xⱼ‖². One
/// trimming pass refits without the 2ν share of the sample farthest outside, so clustered anomalies do not get a
/// boundary of their own.
/// </remarks>
public sealed class OneClassSvm(OneClassSvmOptions options) : IOutlierDetector
{
    private const int GammaPairs = 2000;

    public OneClassSvmOptions Options { get; } = Validated(options);

    public string Name => Options.Name;

    IFittedOutlierDetector IOutlierDetector.Fit(FeatureMatrix training, CancellationToken cancellationToken) => Fit(training, cancellationToken);

    public FittedOneClassSvm Fit(FeatureMatrix training, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Rows < 2)
        {
            throw new ArgumentException("A one-class SVM needs at least two training rows.", nameof(training));
        }

        var random = new Random(Options.Seed);
        var sample = SampleRows(training.Rows, Math.Min(Options.TrainingSampleSize, training.Rows), random);
        var scaler = ColumnScaler.Fit(training, sample);
        var scaled = ScaleRows(training, sample, scaler);
        var gamma = Options.Gamma ?? MedianHeuristicGamma(scaled, training.Columns, random);
        var map = RandomFourierFeatures.Draw(training.Columns, Options.Components, gamma, random);

        var d = Options.Components;
        var n = sample.Length;
        var z = new double[n * d];
        var norm = Math.Sqrt(2.0 / d);
        for (var i = 0; i < n; i++)
        {
            var row = z.AsSpan(i * d, d);
            map.Map(scaled.AsSpan(i * training.Columns, training.Columns), row);
            TensorPrimitives.Multiply(row, norm, row);
        }

        cancellationToken.ThrowIfCancellationRequested();
        var weights = Train(z, n, d, random, cancellationToken);
        // Anomalies that come in clusters (a burst of alike ERROR lines) form a small mode of their own that a density
        // boundary would enclose. One trimming pass drops the 2ν share of the sample farthest outside and refits on the
        // rest, so the boundary describes the normal rows only (a trimmed, or "robust", one-class SVM).
        (z, n) = Trim(z, n, d, weights, Math.Min(0.5, 2 * Options.Nu));
        weights = Train(z, n, d, random, cancellationToken);
        // A boundary at or below zero kernel mass would make the density-ratio score meaningless.
        var rho = Math.Max(NuQuantile(z, n, d, weights, Options.Nu), 1e-9);
        // z carried the √(2/D) factor during training; the fitted map leaves it out, so the weights take it.
        TensorPrimitives.Multiply(weights, norm, weights);
        var unthresholded = new FittedOneClassSvm(Options.Name, [.. training.ColumnNames], scaler, map, weights, rho, Options.ScoreThreshold);
        if (Options.Contamination is not { } contamination)
        {
            return unthresholded;
        }

        var scores = new double[training.Rows];
        unthresholded.Score(training, scores);
        return unthresholded.WithThreshold(ContaminationThreshold.FromScores(scores, contamination));
    }

    /// <summary>Averaged Pegasos steps on ν/2‖w‖² + 1/n·Σ max(0, ρ − w·zᵢ) − νρ; returns the averaged w.</summary>
    private double[] Train(double[] z, int n, int d, Random random, CancellationToken cancellationToken)
    {
        var nu = Options.Nu;
        var w = new double[d];
        for (var i = 0; i < n; i++)
        {
            TensorPrimitives.Add(w, z.AsSpan(i * d, d), w);
        }

        // Start from the kernel mean embedding (the solution as ν → 1) and its ν-quantile boundary.
        TensorPrimitives.Divide(w, n, w);
        var rho = NuQuantile(z, n, d, w, nu);
        var average = new double[d];
        var averaged = 0;
        var order = new int[n];
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        var totalSteps = (long)Options.Epochs * n;
        // The offset t0 = 1/ν keeps the first steps at most 1 (Pegasos' 1/(νt) would start at 1/ν).
        var t0 = 1.0 / nu;
        long step = 0;
        for (var epoch = 0; epoch < Options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            random.Shuffle(order);
            foreach (var i in order)
            {
                step++;
                var eta = 1.0 / (nu * (step + t0));
                var zi = z.AsSpan(i * d, d);
                var margin = TensorPrimitives.Dot(w, zi);
                TensorPrimitives.Multiply(w, 1.0 - eta * nu, w);
                if (margin < rho)
                {
                    TensorPrimitives.MultiplyAdd(zi, eta, w, w);
                    rho -= eta * (1.0 - nu);
                }
                else
                {
                    rho += eta * nu;
                }

                if (step > totalSteps / 2)
                {
                    TensorPrimitives.Add(average, w, average);
                    averaged++;
                }
            }
        }

        if (averaged == 0)
        {
            return w;
        }

        TensorPrimitives.Divide(average, averaged, average);
        return average;
    }

    private static (double[] Z, int Rows) Trim(double[] z, int n, int d, double[] w, double share)
    {
        var cut = NuQuantile(z, n, d, w, share);
        var kept = new double[n * d];
        var rows = 0;
        for (var i = 0; i < n; i++)
        {
            var row = z.AsSpan(i * d, d);
            if (TensorPrimitives.Dot(w, row) >= cut)
            {
                row.CopyTo(kept.AsSpan(rows * d, d));
                rows++;
            }
        }

        return rows >= 2 ? (kept, rows) : (z, n);
    }

    /// <summary>The ν-quantile of w·zᵢ: the boundary that leaves a share ν of the training rows outside.</summary>
    private static double NuQuantile(double[] z, int n, int d, double[] w, double nu)
    {
        var margins = new double[n];
        for (var i = 0; i < n; i++)
        {
            margins[i] = TensorPrimitives.Dot(w, z.AsSpan(i * d, d));
        }

        Array.Sort(margins);
        var index = Math.Clamp((int)Math.Floor(nu * n), 0, n - 1);
        return margins[index];
    }

    private static double MedianHeuristicGamma(double[] scaled, int columns, Random random)
    {
        var n = scaled.Length / columns;
        var distances = new List<double>(GammaPairs);
        for (var p = 0; p < GammaPairs; p++)
        {
            var a = random.Next(n);
            var b = random.Next(n);
            var sum = 0.0;
            for (var j = 0; j < columns; j++)
            {
                var diff = scaled[a * columns + j] - scaled[b * columns + j];
                sum += diff * diff;
            }

            // Identical rows (a mostly-constant feature set) say nothing about the kernel width.
            if (sum > 1e-12)
            {
                distances.Add(sum);
            }
        }

        if (distances.Count == 0)
        {
            return 1.0 / columns;
        }

        distances.Sort();
        var median = distances[distances.Count / 2];
        return 1.0 / median;
    }

    private static double[] ScaleRows(FeatureMatrix data, int[] rows, ColumnScaler scaler)
    {
        var scaled = new double[rows.Length * data.Columns];
        for (var i = 0; i < rows.Length; i++)
        {
            scaler.Transform(data.Row(rows[i]), scaled.AsSpan(i * data.Columns, data.Columns));
        }

        return scaled;
    }

    private static int[] SampleRows(int rows, int size, Random random)
    {
        var all = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            all[i] = i;
        }

        for (var i = 0; i < size; i++)
        {
            var j = random.Next(i, rows);
            (all[i], all[j]) = (all[j], all[i]);
        }

        var sample = all[..size];
        Array.Sort(sample);
        return sample;
    }

    private static OneClassSvmOptions Validated(OneClassSvmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return options;
    }
}
