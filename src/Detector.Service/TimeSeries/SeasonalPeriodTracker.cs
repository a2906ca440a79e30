namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// Infers the series' season from its own past: the candidates are one day and one week, and the one whose
/// autocorrelation over the recent history (each value paired with the value nearest in time to one season before it)
/// is highest wins, provided it clears <c>minimumAutocorrelation</c>. Re-evaluated every <c>reviewEvery</c> points; 0
/// means no season. <see cref="Period"/> expresses it in samples (from the median sampling interval seen so far).
/// </summary>
internal sealed class SeasonalPeriodTracker
{
    /// <summary>The seasons looked for: daily and weekly.</summary>
    internal static readonly TimeSpan[] Seasons = [TimeSpan.FromDays(1), TimeSpan.FromDays(7)];

    private readonly double _minimumAutocorrelation;
    private readonly double _retainAutocorrelation;
    private readonly int _reviewEvery;
    private readonly int _cyclesNeeded;
    private readonly int _maxPeriod;
    private readonly List<double> _intervals = [];
    private DateTime? _previous;
    private int _sinceReview;

    public SeasonalPeriodTracker(double minimumAutocorrelation, int reviewEvery, int cyclesNeeded, int maxPeriod, double retainAutocorrelation)
    {
        _minimumAutocorrelation = minimumAutocorrelation;
        _retainAutocorrelation = Math.Min(retainAutocorrelation, minimumAutocorrelation);
        _reviewEvery = reviewEvery;
        _cyclesNeeded = cyclesNeeded;
        _maxPeriod = maxPeriod;
    }

    /// <summary>The season in samples, or 0.</summary>
    public int Period { get; private set; }

    /// <summary>The season in time (a day or a week), or zero when there is none.</summary>
    public TimeSpan Season { get; private set; }

    /// <summary>Notes the new point; returns true when <see cref="Period"/> changed.</summary>
    /// <param name="times">Each value's time in seconds, beside <paramref name="history"/> (lag 0 the newest).</param>
    public bool Update(DateTime timestamp, ValueHistory history, ValueHistory times)
    {
        if (_previous is { } previous && _intervals.Count < 256)
        {
            _intervals.Add((timestamp - previous).TotalSeconds);
        }

        _previous = timestamp;
        if (++_sinceReview < _reviewEvery || _intervals.Count < 16)
        {
            return false;
        }

        _sinceReview = 0;
        var interval = Median(_intervals);
        var best = 0;
        var bestSeason = TimeSpan.Zero;
        var bestCorrelation = double.NegativeInfinity;
        foreach (var season in Seasons)
        {
            var lag = (int)Math.Round(season.TotalSeconds / interval);
            if (lag < 4 || lag > _maxPeriod || history.Count < _cyclesNeeded * lag)
            {
                continue;
            }

            var correlation = Autocorrelation(history, times, season.TotalSeconds, Math.Min(history.Count, 4 * lag));
            // The season in use stays while it clears the lower retaining bar: one anomalous day in the span must not
            // switch the seasonal signals off and back on (each switch clears their histories and un-discounts steps).
            var bar = lag == Period ? _retainAutocorrelation : _minimumAutocorrelation;
            if (correlation > bar && correlation > bestCorrelation)
            {
                best = lag;
                bestSeason = season;
                bestCorrelation = correlation;
            }
        }

        var changed = best != Period;
        Period = best;
        Season = bestSeason;
        return changed;
    }

    /// <summary>
    /// The autocorrelation one <paramref name="season"/> (seconds) apart of the newest <paramref name="span"/> values,
    /// each paired with the value nearest in time to one season before it: with samples missing or doubled, a fixed
    /// count of samples back is another hour of the day. On a regularly sampled series, the same as at the lag.
    /// </summary>
    internal static double Autocorrelation(ValueHistory history, ValueHistory times, double season, int span)
    {
        double mean = 0;
        for (var i = 0; i < span; i++)
        {
            mean += history[i];
        }

        mean /= span;
        double numerator = 0, denominator = 0;
        // Times fall as the lag grows, so the partner's lag only grows with i: one pass, each time read once.
        var partner = 0;
        var partnerTime = times[0];
        var newerTime = double.PositiveInfinity;
        for (var i = 0; i < span; i++)
        {
            var d = history[i] - mean;
            denominator += d * d;
            var target = times[i] - season;
            while (partner < span - 1 && partnerTime > target)
            {
                partner++;
                newerTime = partnerTime;
                partnerTime = times[partner];
            }

            // partner is the newest value at or before the target, or the oldest in the span; the one after it may be nearer.
            var j = partner > 0 && newerTime - target < target - partnerTime ? partner - 1 : partner;
            if (partnerTime <= target && j > i)
            {
                numerator += d * (history[j] - mean);
            }
        }

        return denominator <= 0 ? 0.0 : numerator / denominator;
    }

    private static double Median(List<double> values)
    {
        var copy = values.ToArray();
        Array.Sort(copy);
        return copy[copy.Length / 2];
    }
}
