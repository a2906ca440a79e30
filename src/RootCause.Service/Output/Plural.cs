using System.Globalization;

namespace AnomalyPlatform.RootCause.Output;

/// <summary>Counts in words in the right number ("1 incident", "3 incidents"), for every sentence the report and the console write.</summary>
public static class Plural
{
    /// <summary><paramref name="count"/> (in <paramref name="format"/>) then <paramref name="one"/> or <paramref name="many"/> (by default <paramref name="one"/> + "s").</summary>
    public static string Of(long count, string one, string? many = null, string format = "0") =>
        count.ToString(format, CultureInfo.InvariantCulture) + " " + Word(count, one, many);

    /// <summary><paramref name="one"/> when <paramref name="count"/> is 1, else <paramref name="many"/>: a noun, or a verb agreeing with the count ("holds", "hold").</summary>
    public static string Word(long count, string one, string? many = null) => count == 1 ? one : many ?? one + "s";
}
