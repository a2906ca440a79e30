using System.Numerics.Tensors;

namespace AnomalyPlatform.Detector.Ensemble;

/// <summary>Maps a model's raw scores onto 0..1 so that scores of different models compare.</summary>
public static class ScoreNormaliser
{
    /// <summary>
    /// s / (s + t) for raw score s ≥ 0 and threshold t &gt; 0: monotone, 0 at 0, exactly 0.5 at the model's own
    /// threshold and towards 1 far beyond it. It needs no data-dependent range (min-max normalisation would make a
    /// record's score depend on the most extreme other record). NaN (the model did not score the record) stays NaN.
    /// </summary>
    public static void Normalise(ReadOnlySpan<double> raw, double threshold, Span<double> normalised)
    {
        if (normalised.Length < raw.Length)
        {
            throw new ArgumentException("The destination is shorter than the scores.", nameof(normalised));
        }

        var destination = normalised[..raw.Length];
        if (double.IsPositiveInfinity(threshold))
        {
            for (var i = 0; i < raw.Length; i++)
            {
                destination[i] = double.IsNaN(raw[i]) ? double.NaN : 0.0;
            }

            return;
        }

        if (!(threshold > 0))
        {
            // A threshold at (or below) zero leaves no room below it: decisions are all the normalised score can carry.
            for (var i = 0; i < raw.Length; i++)
            {
                destination[i] = double.IsNaN(raw[i]) ? double.NaN : raw[i] > threshold ? 1.0 : 0.0;
            }

            return;
        }

        TensorPrimitives.Max(raw, 0.0, destination);
        TensorPrimitives.Add(destination, threshold, destination);
        TensorPrimitives.Divide(raw, destination, destination);
        TensorPrimitives.Max(destination, 0.0, destination);
        TensorPrimitives.Min(destination, 1.0, destination);
    }

    /// <summary>The normalised value of one raw score; see <see cref="Normalise(ReadOnlySpan{double}, double, Span{double})"/>.</summary>
    public static double Normalise(double raw, double threshold)
    {
        Span<double> one = [0.0];
        Normalise([raw], threshold, one);
        return one[0];
    }
}
