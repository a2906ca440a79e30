using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// A numeric flag whose parse error says what the flag wants ("--seed: 'text' is not a whole number") instead of the
/// .NET type System.CommandLine would name (<c>System.Nullable`1[System.Int64]</c>). Absent, it is null, so the
/// configuration's lower layers apply.
/// </summary>
internal static class NumberOption
{
    /// <param name="min">The least value accepted (the type's own when null).</param>
    /// <param name="max">The greatest value accepted (the type's own when null).</param>
    public static Option<T?> Create<T>(string name, string description, T? min = null, T? max = null)
        where T : struct, INumber<T>, IMinMaxValue<T>
    {
        // An integer type truncates a half to zero; a floating one keeps it.
        var whole = T.IsInteger(T.CreateTruncating(0.5));
        return new Option<T?>(name)
        {
            Description = description,
            CustomParser = result =>
            {
                var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
                var styles = whole ? NumberStyles.Integer : NumberStyles.Float;
                if (T.TryParse(text, styles, CultureInfo.InvariantCulture, out var value) && (whole || double.IsFinite(double.CreateChecked(value))))
                {
                    if ((min is { } least && value < least) || (max is { } most && value > most))
                    {
                        // The flag's own name and bounds, not the configuration key the flag sets.
                        var format = whole ? "N0" : "G";
                        result.AddError(string.Create(CultureInfo.InvariantCulture,
                            $"{name}: '{text}' is out of range: from {(min ?? T.MinValue).ToString(format, CultureInfo.InvariantCulture)} to {(max ?? T.MaxValue).ToString(format, CultureInfo.InvariantCulture)}."));
                        return null;
                    }

                    return value;
                }

                result.AddError(!whole ? $"{name}: '{text}' is not a number."
                    // Digits alone that did not parse are too many; anything else (1e3, 2.5, abc) is no whole number at all,
                    // and quoting the type's range there would only puzzle.
                    : IsDigits(text) ? string.Create(CultureInfo.InvariantCulture, $"{name}: '{text}' is out of range: from {T.MinValue} to {T.MaxValue}.")
                    : $"{name}: '{text}' is not a whole number (digits only, such as 1000).");
                return null;
            },
        };
    }

    private static bool IsDigits(string text)
    {
        var digits = text.AsSpan().TrimStart("+-");
        return digits.Length > 0 && !digits.ContainsAnyExceptInRange('0', '9');
    }
}
