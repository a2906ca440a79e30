using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>Microseconds as Jaeger and Zipkin write times and durations: a whole number, or one in quotes.</summary>
internal static class JsonMicros
{
    /// <summary>The field's microseconds; else why not, <paramref name="missing"/> where the field is absent.</summary>
    public static string? Read(JsonElement element, string property, string missing, out long micros)
    {
        micros = 0;
        if (!element.TryGetMember(property, out var value))
        {
            return $"missing: {missing}";
        }

        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetInt64(out micros),
            JsonValueKind.String => long.TryParse(value.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out micros),
            _ => false,
        };
        return parsed ? null : $"{UntrustedText.Cut(value.GetRawText())} is not a whole number of microseconds";
    }
}
