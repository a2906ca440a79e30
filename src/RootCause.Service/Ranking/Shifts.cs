using System.Globalization;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>How the behaviour terms write a number in their evidence: one decimal at most, invariant culture.</summary>
internal static class Shifts
{
    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
