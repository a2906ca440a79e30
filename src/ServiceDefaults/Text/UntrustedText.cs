using System.Text;

namespace AnomalyPlatform.ServiceDefaults.Text;

/// <summary>
/// Text from a user's file shown back in a message: cut short, control characters replaced, so that a binary or
/// hostile file cannot flood or garble the terminal (an escape sequence in a "timestamp" stays inert).
/// </summary>
public static class UntrustedText
{
    public const int MaxShown = 60;

    public static string Cut(ReadOnlySpan<char> text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, MaxShown) + 1);
        foreach (var c in text.Length > MaxShown ? text[..MaxShown] : text)
        {
            builder.Append(char.IsControl(c) || char.IsSurrogate(c) || c == '\uFFFD' ? '?' : c);
        }

        if (text.Length > MaxShown)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }
}
