using AnomalyPlatform.Cli.Commands;
using AnomalyPlatform.Detector.Nab;
using Spectre.Console;

namespace AnomalyPlatform.Bench;

/// <summary>
/// <c>analyze</c> on the real Nezha day (<c>../shared/data/nezha/train-ticket-2023-01-29</c>, 889,415 records, 28 known
/// faults): reading, detection, root cause and the evaluation against the faults. The record count is the day's.
/// </summary>
internal static class AnalyzeBench
{
    /// <summary>Records in the day's file (its README's count).</summary>
    public const long DayRecords = 889_415;

    private const string Day = "train-ticket-2023-01-29";

    public static async Task NezhaAsync(long records, string directory, CancellationToken cancellationToken)
    {
        var day = FindDay() ?? throw new InvalidOperationException(
            $"The Nezha day was not found: expected ../shared/data/nezha/{Day} beside the folder holding AnomalyPlatform.sln.");
        var exitCode = await PlatformCli.Create(AnsiConsole.Console, ErrorConsole.Create()).Parse(
        [
            "analyze", "--input", Path.Combine(day, "telemetry.csv.gz"), "--incidents", Path.Combine(day, "incidents.json"), "--out", directory,
        ]).InvokeAsync(cancellationToken: cancellationToken);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"analyze exited with {exitCode}");
        }
    }

    private static string? FindDay()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            if (NabDataLocator.FindRepositoryRoot(start) is { } root)
            {
                var day = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "nezha", Day));
                if (Directory.Exists(day))
                {
                    return day;
                }
            }
        }

        return null;
    }
}
