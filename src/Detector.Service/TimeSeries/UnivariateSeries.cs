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

    /// <summary>Rows left out because their value was empty or NaN (a reading not taken); not in the series.</summary>
    public int MissingValues { get; init; }

    /// <summary>The file's line numbers of the first few rows left out (<see cref="MissingValues"/>), to name them.</summary>
    public IReadOnlyList<int> FirstMissingLines { get; init; } = [];

    /// <summary>"3 row(s) without a value (empty or NaN) left out (line 4, 9, 12)", for the caller's report.</summary>
    public string MissingValuesNote => FormattableString.Invariant(
        $"{MissingValues:N0} row(s) without a value (empty or NaN) left out (line {string.Join(", ", FirstMissingLines)}{(MissingValues > FirstMissingLines.Count ? ", ..." : "")})");
}
