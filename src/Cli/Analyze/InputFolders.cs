namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A folder given as input is every file under it, in path order, as an S3 prefix is every object under it: a
/// Collector's rotated files, or an archive synced down from S3 (<c>aws s3 sync</c>), nested by date. Hidden files
/// (<c>.DS_Store</c>, an editor's swap file) and the analysis's own output folder, when it lies inside, are passed over.
/// </summary>
internal static class InputFolders
{
    public static IReadOnlyList<string> Files(string folder, string? outputDirectory)
    {
        var output = outputDirectory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(outputDirectory));
        var files = new DirectoryInfo(folder)
            .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System })
            .Where(file => !file.Name.StartsWith('.') && !Inside(file.FullName, output))
            .Select(static file => file.FullName)
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? files : throw new InputFileException(folder, "the folder holds no file to read");
    }

    private static bool Inside(string path, string? folder) =>
        folder is not null && path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
