namespace AnomalyPlatform.ServiceDefaults.Text;

/// <summary>
/// The texts an export writes in a cell for a value it does not have: nothing, or one of the markers pandas'
/// <c>read_csv</c> reads as missing without being told (<c>NaN</c>, <c>NA</c>, <c>N/A</c>, <c>null</c>, <c>None</c>,
/// <c>#N/A</c>, <c>&lt;NA&gt;</c> and their kin, in any letter case, spaces around ignored): Python, R, Excel and
/// database exports write these, and a reading not taken is a gap, not a broken file.
/// </summary>
public static class MissingValueText
{
    private static readonly string[] Markers =
        ["nan", "-nan", "na", "n/a", "null", "none", "#n/a", "#n/a n/a", "#na", "<na>", "1.#ind", "-1.#ind", "1.#qnan", "-1.#qnan"];

    /// <summary>The markers, as the messages that name them list them.</summary>
    public const string Described = "empty, NaN, NA, N/A, null, None, #N/A or the like";

    public static bool IsMissing(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.IsEmpty)
        {
            return true;
        }

        // A number (the common case) begins with a digit, a sign or a point and holds no '#'; of the markers, the old
        // C runtime's (1.#IND, -1.#QNAN) begin as numbers do.
        if (text.IndexOf('#') < 0 && (char.IsAsciiDigit(text[0]) || text[0] is '+' or '.' || (text[0] == '-' && text.Length > 1 && char.IsAsciiDigit(text[1]))))
        {
            return false;
        }

        foreach (var marker in Markers)
        {
            if (text.Equals(marker, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
