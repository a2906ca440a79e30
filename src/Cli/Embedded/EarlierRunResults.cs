using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// The result files an earlier run left in the output folder. A run that stops before its end (a failure, Ctrl+C) has
/// rewritten only some of them: an earlier run's <c>anomalies.json</c> or <c>report.html</c> beside this run's data
/// would look like this run's complete results, so they are removed.
/// </summary>
internal static class EarlierRunResults
{
    private static readonly string[] RunFiles =
    [
        OutputFiles.SyntheticData, OutputFiles.SyntheticLabels, OutputFiles.Incidents, OutputFiles.Anomalies,
        OutputFiles.Evaluation, OutputFiles.Performance, RunReportWriter.FileName,
    ];

    /// <summary>
    /// Removes the run files in <paramref name="directory"/> last written before <paramref name="runStartedUtc"/>; returns
    /// the names of those removed and of those this run wrote (which end where it stopped).
    /// </summary>
    public static (IReadOnlyList<string> Removed, IReadOnlyList<string> Written) RemoveBefore(string directory, DateTime runStartedUtc)
    {
        var removed = new List<string>();
        var written = new List<string>();
        foreach (var name in RunFiles)
        {
            var file = new FileInfo(Path.Combine(directory, name));
            if (!file.Exists)
            {
                continue;
            }

            if (file.LastWriteTimeUtc >= runStartedUtc)
            {
                written.Add(name);
                continue;
            }

            try
            {
                file.Delete();
                removed.Add(name);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Left as it is; the summary line names only what was removed.
            }
        }

        return (removed, written);
    }
}
