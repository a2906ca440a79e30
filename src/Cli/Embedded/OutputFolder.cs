namespace AnomalyPlatform.Cli.Embedded;

/// <summary>The output folder, checked before any work starts: a run that cannot write its results should not begin.</summary>
internal static class OutputFolder
{
    /// <summary>Null when <paramref name="directory"/> exists (or was created) and takes a file; otherwise why not.</summary>
    public static string? CheckWritable(string directory)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            return "No output folder was given (the folder name is empty).";
        }

        var full = Path.GetFullPath(directory);
        if (File.Exists(full))
        {
            return $"The output folder {full} is a file: give the name of a folder (it is created if missing).";
        }

        var probe = Path.Combine(full, $".write-check-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(full);
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The reason without the probe file's name, which is ours, not the user's.
            var reason = ex switch
            {
                UnauthorizedAccessException => "permission denied",
                FileNotFoundException or DirectoryNotFoundException => "files cannot be created there",
                _ => ex.Message.Replace(probe, full, StringComparison.Ordinal),
            };
            return $"The output folder {full} cannot be written: {reason}";
        }
    }
}
