using System.Globalization;
using System.Text.Json;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>Microseconds as Jaeger and Zipkin write times and durations: a whole number, or one in quotes.</summary>
internal static class JsonMicros
{
    /// <summary>
    /// A span's start (<paramref name="startField"/>, after 1970) and duration (<c>duration</c>, not negative), both in
    /// microseconds; false with the field and why, where either cannot be.
    /// </summary>
    public static bool TrySpanTimes(JsonElement span, string startField, out long start, out long duration, out string field, out string problem)
    {
        duration = 0;
        if (!TryTime(span, startField, "the span cannot be placed in time", out start, out problem))
        {
            field = startField;
            return false;
        }

        var durationProblem = Read(span, "duration", "the span has no duration", out duration);
        if (durationProblem is not null || duration < 0)
        {
            (field, problem) = ("duration", durationProblem ?? $"{duration} is negative: a span cannot end before it starts");
            return false;
        }

        (field, problem) = ("", "");
        return true;
    }

    /// <summary>A time in microseconds after 1970; false with why not, <paramref name="missing"/> where the field is absent.</summary>
    public static bool TryTime(JsonElement element, string property, string missing, out long micros, out string problem)
    {
        problem = Read(element, property, missing, out micros) ?? (micros > 0 ? "" : $"{micros} is not a time after 1970");
        return problem.Length == 0;
    }

    public static DateTime Time(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    /// <summary>The field's microseconds; else why not, <paramref name="missing"/> where the field is absent.</summary>
    private static string? Read(JsonElement element, string property, string missing, out long micros)
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
