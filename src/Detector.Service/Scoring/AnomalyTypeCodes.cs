using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Detector.Scoring;

/// <summary>Byte codes of <see cref="AnomalyTypes.All"/>, for compact per-record type columns.</summary>
internal static class AnomalyTypeCodes
{
    public static readonly byte ErrorLogBurst = Code(AnomalyTypes.ErrorLogBurst);
    public static readonly byte MetricSpike = Code(AnomalyTypes.MetricSpike);
    public static readonly byte MissingSpan = Code(AnomalyTypes.MissingSpan);
    public static readonly byte NoisyEvent = Code(AnomalyTypes.NoisyEvent);
    public static readonly byte LatencySpike = Code(AnomalyTypes.LatencySpike);

    public static string? NameOf(byte code) => code < AnomalyTypes.All.Count ? AnomalyTypes.All[code] : null;

    private static byte Code(string type)
    {
        for (var i = 0; i < AnomalyTypes.All.Count; i++)
        {
            if (AnomalyTypes.All[i] == type)
            {
                return (byte)i;
            }
        }

        throw new InvalidOperationException($"{type} is not in AnomalyTypes.All.");
    }
}
