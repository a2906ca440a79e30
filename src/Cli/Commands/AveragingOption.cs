using System.CommandLine;
using AnomalyPlatform.Detector.TimeSeries;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Commands;

/// <summary>
/// <c>--every</c>, shared by <c>detect</c> and <c>evaluate-nab</c>: average each series over fixed intervals before it is
/// scored (<see cref="SeriesAveraging"/>).
/// </summary>
internal static class AveragingOption
{
    public static Option<string?> Create(string detail) => new("--every")
    {
        Description = $"Average the series over intervals of this length first (30s, 5m, 1h, 1d); {detail}",
    };

    /// <summary>The interval, <see cref="TimeSpan.Zero"/> when the option is absent; false, having said why, when it is not one.</summary>
    public static bool TryRead(IAnsiConsole errors, string? text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        if (text is null || SeriesAveraging.TryParseInterval(text, out interval))
        {
            return true;
        }

        errors.MarkupLineInterpolated($"[red]--every: '{text}' is not an interval like 30s, 5m, 1h or 1d.[/]");
        return false;
    }
}
