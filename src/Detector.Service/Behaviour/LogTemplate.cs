using System.Text;

namespace AnomalyPlatform.Detector.Behaviour;

/// <summary>
/// Mines a log line's template the way Drain's preprocessing does: tokens by whitespace, any token that holds a digit
/// is a parameter (<c>&lt;*&gt;</c>), runs of parameters collapse into one. Needs no training and no state, so a
/// template is the same in every segment and every process.
/// </summary>
public static class LogTemplate
{
    /// <summary>Tokens kept; the start of a line names what happened, its tail is mostly payload.</summary>
    private const int MaxTokens = 24;

    public static string Of(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = message.AsSpan();
        var builder = new StringBuilder(Math.Min(message.Length, 160));
        var tokens = 0;
        var lastWasParameter = false;
        var i = 0;
        while (i < text.Length && tokens < MaxTokens)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            var start = i;
            var hasDigit = false;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                hasDigit |= char.IsAsciiDigit(text[i]);
                i++;
            }

            if (i == start)
            {
                break;
            }

            tokens++;
            if (hasDigit)
            {
                if (!lastWasParameter)
                {
                    Append(builder, "<*>");
                }

                lastWasParameter = true;
                continue;
            }

            Append(builder, text[start..i]);
            lastWasParameter = false;
        }

        return builder.ToString();
    }

    private static void Append(StringBuilder builder, ReadOnlySpan<char> token)
    {
        if (builder.Length > 0)
        {
            builder.Append(' ');
        }

        builder.Append(token);
    }
}
