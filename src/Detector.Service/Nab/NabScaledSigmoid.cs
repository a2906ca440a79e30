namespace AnomalyPlatform.Detector.Nab;

/// <summary>NAB's scaled sigmoid: +1 far before a window's end, 0 at its end, -1 well after (beyond 3 widths).</summary>
public static class NabScaledSigmoid
{
    /// <summary>S(-1): the weight of a detection at a window's first point, used to scale true positives to 1.</summary>
    public static readonly double MaxTruePositive = Evaluate(-1.0);

    public static double Evaluate(double relativePosition) =>
        relativePosition > 3.0 ? -1.0 : (2.0 / (1.0 + Math.Exp(5.0 * relativePosition))) - 1.0;
}
