using AnomalyPlatform.Detector.Models;

namespace AnomalyPlatform.Detector.Tests.Models.Lstm;

/// <summary>Seeded multivariate sine waves, one series per group, with optional planted spikes and level shifts.</summary>
internal sealed class SineSeries
{
    private readonly double[] _values;

    private SineSeries(int groups, int length, int features, double noise, int seed)
    {
        Groups = groups;
        Length = length;
        Features = features;
        _values = new double[groups * length * features];
        var random = new Random(seed);
        for (var g = 0; g < groups; g++)
        {
            for (var t = 0; t < length; t++)
            {
                for (var f = 0; f < features; f++)
                {
                    // Each feature has its own period and phase, each series its own level: what a standardiser must undo.
                    var period = 12.0 + 4 * f;
                    var phase = 0.7 * g + 1.3 * f;
                    _values[Index(g, t, f)] = 10 * g + Math.Sin(2 * Math.PI * t / period + phase) + noise * Gaussian(random);
                }
            }
        }
    }

    public int Groups { get; }

    public int Length { get; }

    public int Features { get; }

    public static SineSeries Build(int groups = 3, int length = 240, int features = 3, double noise = 0.05, int seed = 1) =>
        new(groups, length, features, noise, seed);

    /// <summary>Row of step <paramref name="t"/> of series <paramref name="group"/> (series after series).</summary>
    public int Row(int group, int t) => group * Length + t;

    public void Add(int group, int t, int feature, double delta) => _values[Index(group, t, feature)] += delta;

    public FeatureMatrix ToMatrix()
    {
        var groups = new int[Groups * Length];
        for (var row = 0; row < groups.Length; row++)
        {
            groups[row] = row / Length;
        }

        var names = Enumerable.Range(0, Features).Select(f => $"f{f}").ToArray();
        return new FeatureMatrix(groups.Length, names, (double[])_values.Clone(), groups, Groups);
    }

    private int Index(int group, int t, int feature) => (group * Length + t) * Features + feature;

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
