using AnomalyPlatform.Detector.Models.Lstm;

namespace AnomalyPlatform.Detector.Tests.Models.Lstm;

public sealed class BackpropagationThroughTimeTests
{
    [Fact]
    public void Analytic_gradient_matches_central_finite_differences_for_every_weight()
    {
        // A tiny network in double precision: 2 inputs, 3 hidden units, a 2-dimensional code, windows of 4 steps.
        var network = new SequenceAutoencoder(features: 2, hidden: 3, latent: 2, windowLength: 4);
        var random = new Random(5);
        var parameters = new double[network.ParameterCount];
        for (var i = 0; i < parameters.Length; i++)
        {
            // Weights of order 1 keep the gates away from saturation, where the check would be uninformative.
            parameters[i] = 2 * random.NextDouble() - 1;
        }

        var windows = new double[2][];
        for (var w = 0; w < windows.Length; w++)
        {
            windows[w] = Enumerable.Range(0, 8).Select(_ => 2 * random.NextDouble() - 1).ToArray();
        }

        var workspace = network.CreateWorkspace();
        var analytic = new double[parameters.Length];
        foreach (var window in windows)
        {
            network.Forward(parameters, window, workspace);
            network.Backward(parameters, analytic, window, workspace, 1.0 / windows.Length);
        }

        double Loss()
        {
            var total = 0.0;
            foreach (var window in windows)
            {
                total += network.Forward(parameters, window, workspace);
            }

            return total / windows.Length;
        }

        const double step = 1e-5;
        var worst = 0.0;
        var worstIndex = -1;
        for (var i = 0; i < parameters.Length; i++)
        {
            var saved = parameters[i];
            parameters[i] = saved + step;
            var plus = Loss();
            parameters[i] = saved - step;
            var minus = Loss();
            parameters[i] = saved;
            var numeric = (plus - minus) / (2 * step);
            var relative = Math.Abs(numeric - analytic[i]) / Math.Max(Math.Abs(numeric) + Math.Abs(analytic[i]), 1e-6);
            if (relative > worst)
            {
                worst = relative;
                worstIndex = i;
            }
        }

        Assert.True(worst < 1e-4, $"largest relative error {worst:E2} at weight {worstIndex} of {parameters.Length}");
    }

    [Fact]
    public void Clipping_scales_a_large_gradient_down_to_the_limit_and_keeps_its_direction()
    {
        double[] gradient = [3, 4];

        var before = AdamOptimizer.ClipByGlobalNorm(gradient, 1.0);

        Assert.Equal(5.0, before, 12);
        Assert.Equal(0.6, gradient[0], 12);
        Assert.Equal(0.8, gradient[1], 12);
    }
}
