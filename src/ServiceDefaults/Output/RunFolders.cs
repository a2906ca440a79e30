namespace AnomalyPlatform.ServiceDefaults.Output;

/// <summary>
/// Where a run's files go. The command-line run writes one run into <see cref="OutputOptions.Directory"/> itself; the
/// long-running services write each run into a folder of its own under it, named by the run id, so that runs never mix.
/// </summary>
public static class RunFolders
{
    /// <summary>The folder of <paramref name="runId"/>'s files.</summary>
    public static string DirectoryOf(OutputOptions options, string runId)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return options.FolderPerRun ? Path.Combine(options.Directory, runId) : options.Directory;
    }
}
