namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>The signals <see cref="RobustStreamingDetector"/> combines; each can be switched off for ablation studies.</summary>
[Flags]
public enum DetectorSignals
{
    None = 0,

    /// <summary>Distance of the value from the history median (new extremes).</summary>
    Level = 1,

    /// <summary>Change from the previous value (spikes, abrupt jumps), less the change usual at this phase of the season.</summary>
    Step = 2,

    /// <summary>Short-window mean against the history median (persistent level changes).</summary>
    Shift = 4,

    /// <summary>Distance from the same phase in past seasons.</summary>
    Seasonal = 8,

    /// <summary>Short-window mean of the seasonal residual (a changed daily or weekly shape).</summary>
    SeasonalShift = 16,

    All = Level | Step | Shift | Seasonal | SeasonalShift,
}
