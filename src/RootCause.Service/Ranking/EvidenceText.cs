using System.Globalization;

namespace AnomalyPlatform.RootCause.Ranking;

/// <summary>How the behaviour terms write a number in their evidence: one decimal at most, invariant culture, so identical incidents give identical prompts.</summary>
internal static class EvidenceText
{
    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
