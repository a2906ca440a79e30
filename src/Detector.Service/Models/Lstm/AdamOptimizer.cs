using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Models.Lstm;

/// <summary>Adam (Kingma and Ba 2015) with bias correction, over one flat parameter vector.</summary>
internal sealed class AdamOptimizer(int parameterCount, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
{
    private readonly double[] _m = new double[parameterCount];
    private readonly double[] _v = new double[parameterCount];
    private readonly double[] _scratch = new double[parameterCount];
    private int _step;

    /// <summary>One update of <paramref name="parameters"/> along <paramref name="gradient"/> (which is used as scratch afterwards).</summary>
    public void Step(Span<double> parameters, ReadOnlySpan<double> gradient)
    {
        _step++;
        TensorPrimitives.Multiply(_m, beta1, _m);
        TensorPrimitives.MultiplyAdd(gradient, 1 - beta1, _m, _m);
        TensorPrimitives.Multiply(gradient, gradient, _scratch);
        TensorPrimitives.Multiply(_v, beta2, _v);
        TensorPrimitives.MultiplyAdd(_scratch, 1 - beta2, _v, _v);

        var mCorrection = 1 - Math.Pow(beta1, _step);
        var vCorrection = 1 - Math.Pow(beta2, _step);
        // p -= lr · m̂ / (√v̂ + ε), with m̂ = m / (1 − β1^t) and v̂ = v / (1 − β2^t).
        TensorPrimitives.Divide(_v, vCorrection, _scratch);
        TensorPrimitives.Sqrt(_scratch, _scratch);
        TensorPrimitives.Add(_scratch, epsilon, _scratch);
        TensorPrimitives.Divide(_m, _scratch, _scratch);
        TensorPrimitives.MultiplyAdd(_scratch, -learningRate / mCorrection, parameters, parameters);
    }

    /// <summary>Scales <paramref name="gradient"/> down to <paramref name="maxNorm"/> when its L2 norm exceeds it; returns the norm before clipping.</summary>
    public static double ClipByGlobalNorm(Span<double> gradient, double maxNorm)
    {
        var norm = TensorPrimitives.Norm<double>(gradient);
        if (norm > maxNorm)
        {
            TensorPrimitives.Multiply(gradient, maxNorm / norm, gradient);
        }

        return norm;
    }
}
