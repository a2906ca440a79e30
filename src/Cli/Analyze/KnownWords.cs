namespace AnomalyPlatform.Cli.Analyze;

/// <summary>Whether a word an export wrote is one of a list of known words, in any letter case (a level, a status).</summary>
internal static class KnownWords
{
    public static bool Contains(string[] words, ReadOnlySpan<char> word)
    {
        foreach (var known in words)
        {
            if (word.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
