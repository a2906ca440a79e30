using AnomalyPlatform.Contracts.Messages;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>What a <see cref="CallTransitShift"/>'s counts were read from, for the evidence's words.</summary>
internal enum TransitSource
{
    /// <summary>Calls' time outside the callee's span (<see cref="CallTransitCount"/> from the detector's spans).</summary>
    Spans,

    /// <summary>The time a request took to pass from one service's log line to the next's (<see cref="DetectionCompleted.LogHandovers"/>).</summary>
    LogLines,
}
