namespace AnomalyPlatform.Generator;

/// <summary>
/// Request volume over time: a daily curve (trough at 04:00 UTC, peak at 16:00), lighter weekends, per-interval noise
/// and occasional short bursts. Traces are head-sampled at 1 %, so request_rate metrics show 100 × the traced volume.
/// </summary>
internal sealed class TrafficModel(SeededRandom random)
{
    /// <summary>Traced (sampled) requests per one-minute interval at the daily peak.</summary>
    public const double PeakSampledRequestsPerInterval = 30;

    /// <summary>Requests represented by one traced request (1 % head sampling).</summary>
    public const double SamplingFactor = 100;

    private int _burstIntervalsLeft;
    private double _burstFactor = 1.0;

    /// <summary>Load relative to the daily peak for the interval starting at <paramref name="time"/>: drawn once per interval.</summary>
    public double NextIntervalLoad(DateTime time)
    {
        if (_burstIntervalsLeft > 0)
        {
            _burstIntervalsLeft--;
        }
        else if (random.Chance(0.01))
        {
            // Marketing pushes and bots: short, unlabelled surges that a good detector must tolerate.
            _burstIntervalsLeft = random.Next(1, 4);
            _burstFactor = random.Uniform(1.2, 1.4);
        }
        else
        {
            _burstFactor = 1.0;
        }

        var noise = 1.0 + 0.05 * random.NextGaussian();
        return Math.Max(0.2, CurveLoad(time) * _burstFactor * noise);
    }

    /// <summary>Load of the daily and weekly curve alone at <paramref name="time"/>, what an interval's load averages to.</summary>
    public static double CurveLoad(DateTime time)
    {
        var hours = time.TimeOfDay.TotalHours;
        var daily = 0.55 + 0.45 * (0.5 - 0.5 * Math.Cos(2 * Math.PI * (hours - 4) / 24));
        var weekly = time.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.8 : 1.0;
        return daily * weekly;
    }

    /// <summary>Traced requests to simulate in an interval with the given load.</summary>
    public int SampledRequests(double load) => random.Poisson(PeakSampledRequestsPerInterval * load);

    /// <summary>All requests per second entering the estate at the given load (traced or not).</summary>
    public static double EntryRequestsPerSecond(double load) => PeakSampledRequestsPerInterval * load * SamplingFactor / 60.0;
}
