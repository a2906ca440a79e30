using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Models;

/// <summary>
/// Random Fourier features for the RBF kernel k(x, y) = exp(−γ‖x − y‖²) (Rahimi and Recht, 2007):
/// z(x) = √(2/D)·cos(Wx + b) with W ~ N(0, 2γ·I) and b ~ U[0, 2π), so that z(x)·z(y) ≈ k(x, y).
/// W is stored feature-major (one contiguous row of D weights per input feature) so that the projection is D-wide
/// vector multiply-adds, one per input feature.
/// </summary>
internal sealed class RandomFourierFeatures
{
    private RandomFourierFeatures(int inputs, int components, double gamma, double[] weights, double[] offsets)
    {
        Inputs = inputs;
        Components = components;
        Gamma = gamma;
        Weights = weights;
        Offsets = offsets;
    }

    public int Inputs { get; }

    public int Components { get; }

    public double Gamma { get; }

    /// <summary>Inputs × Components, feature-major.</summary>
    public double[] Weights { get; }

    public double[] Offsets { get; }

    public static RandomFourierFeatures Draw(int inputs, int components, double gamma, Random random)
    {
        var sigma = Math.Sqrt(2.0 * gamma);
        var weights = new double[inputs * components];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = sigma * Gaussian(random);
        }

        var offsets = new double[components];
        for (var k = 0; k < components; k++)
        {
            offsets[k] = 2.0 * Math.PI * random.NextDouble();
        }

        return new RandomFourierFeatures(inputs, components, gamma, weights, offsets);
    }

    internal static RandomFourierFeatures From(int inputs, int components, double gamma, double[] weights, double[] offsets) =>
        new(inputs, components, gamma, weights, offsets);

    /// <summary>Writes cos(Wx + b) into <paramref name="features"/> (length D); the √(2/D) factor is left to the caller's weights.</summary>
    public void Map(ReadOnlySpan<double> scaledRow, Span<double> features)
    {
        Offsets.CopyTo(features);
        for (var j = 0; j < Inputs; j++)
        {
            var x = scaledRow[j];
            if (x != 0)
            {
                TensorPrimitives.MultiplyAdd(Weights.AsSpan(j * Components, Components), x, features, features);
            }
        }

        OrderedMath.Cos(features);
    }

    private static double Gaussian(Random random)
    {
        // Box–Muller on the seeded generator: the same draw on every machine.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
