using AnomalyPlatform.RootCause.Output.Report;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The files <c>analyze</c> writes into its output folder. The ones a previous analysis left there are removed once the
/// input has been read and before anything is written: an <c>evaluation.json</c> from a run with <c>--incidents</c>
/// would otherwise sit beside the anomalies of a run without them, and the report would read it as theirs.
/// </summary>
internal static class AnalysisOutputs
{
    /// <summary>Every name analyze writes; nothing else in the folder is touched.</summary>
    public static readonly string[] Owned = [OutputFiles.Anomalies, OutputFiles.Performance, OutputFiles.Evaluation, RunReportWriter.FileName];

    /// <summary>Removes what a previous analysis wrote; null when done, else why it could not be.</summary>
    public static string? RemovePrevious(string directory)
    {
        foreach (var name in Owned)
        {
            var path = Path.Combine(directory, name);
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"{path} is left from an earlier analysis and cannot be removed: {ex.Message}";
            }
        }

        return null;
    }
}
