namespace AnomalyPlatform.Generator;

/// <summary>
/// Per instance, what the faults did to this interval's traced calls: how many calls, how many were slowed (and by how
/// much in all), how many failed because of a fault. Metrics are derived from it, so they agree with the spans.
/// </summary>
internal sealed class InstanceCallStats(int instanceCount)
{
    private readonly int[] _calls = new int[instanceCount];
    private readonly int[] _slowed = new int[instanceCount];
    private readonly double[] _delayMs = new double[instanceCount];
    private readonly int[] _failed = new int[instanceCount];

    public void Reset()
    {
        Array.Clear(_calls);
        Array.Clear(_slowed);
        Array.Clear(_delayMs);
        Array.Clear(_failed);
    }

    public void Add(int instance, long faultDelayUs, bool faultFailed)
    {
        _calls[instance]++;
        if (faultDelayUs > 0)
        {
            _slowed[instance]++;
            _delayMs[instance] += faultDelayUs / 1000.0;
        }

        if (faultFailed)
        {
            _failed[instance]++;
        }
    }

    /// <summary>Share of the instance's calls that failed because of a fault.</summary>
    public double FailedShare(int instance) => _calls[instance] == 0 ? 0 : (double)_failed[instance] / _calls[instance];

    /// <summary>
    /// How much the fault moved the <paramref name="quantile"/> of the instance's call latency (ms). When a share a of
    /// calls is delayed by far more than the normal spread, the q-quantile falls among the delayed calls once a exceeds
    /// 1 − q and then moves by about their mean delay; the shift is blended in over a ∈ [1 − q, 1.5 (1 − q)].
    /// </summary>
    public double QuantileShiftMs(int instance, double quantile)
    {
        if (_slowed[instance] == 0)
        {
            return 0;
        }

        var share = (double)_slowed[instance] / _calls[instance];
        var tail = 1 - quantile;
        return _delayMs[instance] / _slowed[instance] * Math.Clamp((share - tail) / (0.5 * tail), 0, 1);
    }
}
