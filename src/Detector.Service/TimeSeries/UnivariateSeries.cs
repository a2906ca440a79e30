namespace AnomalyPlatform.Detector.TimeSeries;

/// <summary>
/// A time series read from a <c>timestamp,value</c> file. The original texts are kept so that the scores file echoes
/// the input exactly.
/// </summary>
public sealed record UnivariateSeries(string Source, DateTime[] Timestamps, double[] Values, string[] TimestampTexts, string[] ValueTexts)
{
    public int Count => Values.Length;

    /// <summary>Rows whose timestamp is earlier than the previous row's (kept, in file order).</summary>
    public int BackwardSteps { get; init; }
}
