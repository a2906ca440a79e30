using System.Text.Json;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The walk every JSON export's reader shares: several answers in one array, each read with the path to it, and an
/// answer's array of items (events, services), each read with its index, so that a rejection names the field.
/// </summary>
internal static class JsonAnswers
{
    /// <summary>Reads <paramref name="value"/>, or each answer of it where it is an array; true when any held what <paramref name="read"/> reads.</summary>
    /// <param name="at">The path to the value, ending in a dot where it is not the root (<c>[2].</c>).</param>
    public static bool Each(JsonElement value, string at, Func<JsonElement, string, bool> read)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return value.ValueKind == JsonValueKind.Object && read(value, at);
        }

        var index = 0;
        var known = false;
        foreach (var item in value.EnumerateArray())
        {
            known |= Each(item, $"{at}[{index++}].", read);
        }

        return known;
    }

    /// <summary>Reads each item of the array <paramref name="member"/> of <paramref name="value"/> with its path; false when there is no such array.</summary>
    public static bool Items(JsonElement value, string member, string at, Action<JsonElement, string> read)
    {
        if (!value.TryGetMember(member, out var items) || items.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            read(item, $"{at}{member}[{index++}]");
        }

        return true;
    }
}
