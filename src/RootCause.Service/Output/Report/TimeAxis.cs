using System.Globalization;

namespace AnomalyPlatform.RootCause.Output.Report;

/// <summary>Ticks and grid lines of a time axis at round steps (10 s up to a day), at most about eight of them.</summary>
internal static class TimeAxis
{
    private const int MaxTicks = 8;

    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2),
        TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(2), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(12),
        TimeSpan.FromDays(1),
    ];

    /// <summary>Grid lines from <paramref name="top"/> to <paramref name="bottom"/>, labels below the bottom.</summary>
    /// <param name="maxTicks">At most about this many ticks (fewer on a narrow stretch of a broken axis).</param>
    /// <param name="dayOnFirst">The first tick names its day too ("Jan 30 12:00"): each recording's on an axis broken between them.</param>
    /// <param name="beforeEnd">No tick at <paramref name="to"/> itself: a break follows, and the next recording's first tick.</param>
    public static void Draw(
        Svg svg, Scale x, DateTime from, DateTime to, double top, double bottom, bool labels = true, int maxTicks = MaxTicks, bool dayOnFirst = false,
        bool beforeEnd = false)
    {
        var span = to - from;
        var step = Steps.FirstOrDefault(s => span / s <= maxTicks, TimeSpan.FromDays(Math.Ceiling(span.TotalDays / maxTicks)));
        var first = new DateTime((from.Ticks + step.Ticks - 1) / step.Ticks * step.Ticks, DateTimeKind.Utc);
        var withDate = span >= TimeSpan.FromDays(1) || from.Date != to.Date;
        for (var tick = first; tick < to || tick == to && !beforeEnd; tick += step)
        {
            var position = x.Map(tick);
            svg.Line(position, top, position, bottom, "grid");
            if (labels)
            {
                // Midnight of a run that spans days says which day, in words ("Jan 30": "01-30" read as a time); every
                // other tick says the time.
                var time = step.TotalMinutes < 1 ? "HH:mm:ss" : "HH:mm";
                var format = withDate && tick.TimeOfDay == TimeSpan.Zero ? "MMM d" : dayOnFirst && tick == first ? "MMM d " + time : time;
                svg.Text(position, bottom + 13, tick.ToString(format, CultureInfo.InvariantCulture), "tick", "middle");
            }
        }
    }
}
