using AnomalyPlatform.ServiceDefaults.Text;

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

    /// <summary>The file's line of the first of <see cref="BackwardSteps"/> (0 when none).</summary>
    public int FirstBackwardLine { get; init; }

    /// <summary>Rows whose timestamp is the previous row's (kept): often several series (hosts, metrics) in one file.</summary>
    public int RepeatedTimestamps { get; init; }

    /// <summary>The file's line of the first of <see cref="RepeatedTimestamps"/> (0 when none).</summary>
    public int FirstRepeatedLine { get; init; }

    /// <summary>The longest step forward between consecutive rows, and the timestamps it lies between (zero for fewer than two rows).</summary>
    public (TimeSpan Step, DateTime From, DateTime To) LongestStep()
    {
        var longest = (TimeSpan.Zero, default(DateTime), default(DateTime));
        for (var i = 1; i < Timestamps.Length; i++)
        {
            if (Timestamps[i] - Timestamps[i - 1] > longest.Item1)
            {
                longest = (Timestamps[i] - Timestamps[i - 1], Timestamps[i - 1], Timestamps[i]);
            }
        }

        return longest;
    }

    /// <summary>Rows left out because they had no value (empty, NaN, null …: a reading not taken); not in the series.</summary>
    public int MissingValues { get; init; }

    /// <summary>The file's line numbers of the first few rows left out (<see cref="MissingValues"/>), to name them.</summary>
    public IReadOnlyList<int> FirstMissingLines { get; init; } = [];

    /// <summary>
    /// The median step between consecutive timestamps over the first 10,000 rows (zero for fewer than two rows or no step
    /// forward): how often the series is sampled, which the detector's windows, counted in readings, depend on.
    /// </summary>
    public TimeSpan TypicalSpacing()
    {
        var steps = new List<long>();
        for (var i = 1; i < Math.Min(Timestamps.Length, 10_001); i++)
        {
            var step = (Timestamps[i] - Timestamps[i - 1]).Ticks;
            if (step > 0)
            {
                steps.Add(step);
            }
        }

        if (steps.Count == 0)
        {
            return TimeSpan.Zero;
        }

        steps.Sort();
        return TimeSpan.FromTicks(steps[steps.Count / 2]);
    }

    /// <summary>"3 row(s) without a value (empty, NaN, NA, N/A, null, None, #N/A or the like) left out (line 4, 9, 12)", for the caller's report.</summary>
    public string MissingValuesNote => FormattableString.Invariant(
        $"{MissingValues:N0} row(s) without a value ({MissingValueText.Described}) left out (line {string.Join(", ", FirstMissingLines)}{(MissingValues > FirstMissingLines.Count ? ", ..." : "")})");
}
