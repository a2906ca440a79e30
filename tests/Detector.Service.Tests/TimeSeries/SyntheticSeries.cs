namespace AnomalyPlatform.Detector.Tests.TimeSeries;

/// <summary>A daily sine sampled every 5 minutes with seeded Gaussian noise, the shape of many NAB series.</summary>
internal static class SyntheticSeries
{
    public const int PointsPerDay = 288;
    public static readonly DateTime Start = new(2014, 4, 1, 0, 0, 0, DateTimeKind.Utc);

    public static DateTime TimestampAt(int i) => Start.AddMinutes(5 * i);

    /// <summary>A constant level of 50 with seeded Gaussian noise.</summary>
    public static double[] Flat(int days, double noise, int seed)
    {
        var values = DailySine(days, noise, seed);
        for (var i = 0; i < values.Length; i++)
        {
            values[i] -= 20.0 * Math.Sin(2.0 * Math.PI * i / PointsPerDay);
        }

        return values;
    }

    public static double[] DailySine(int days, double noise, int seed)
    {
        var random = new Random(seed);
        var values = new double[days * PointsPerDay];
        for (var i = 0; i < values.Length; i++)
        {
            var gaussian = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
            values[i] = 50.0 + (20.0 * Math.Sin(2.0 * Math.PI * i / PointsPerDay)) + (noise * gaussian);
        }

        return values;
    }
}
