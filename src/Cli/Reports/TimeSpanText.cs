namespace AnomalyPlatform.Cli.Reports;

/// <summary>A stretch of time in the unit a person reads it in: days, hours, minutes or seconds, one decimal.</summary>
internal static class TimeSpanText
{
    public static string Of(TimeSpan span) => span switch
    {
        { TotalDays: >= 2 } => FormattableString.Invariant($"{span.TotalDays:N1} days"),
        { TotalHours: >= 2 } => FormattableString.Invariant($"{span.TotalHours:N1} h"),
        { TotalMinutes: >= 2 } => FormattableString.Invariant($"{span.TotalMinutes:N1} min"),
        _ => FormattableString.Invariant($"{span.TotalSeconds:N1} s"),
    };
}
