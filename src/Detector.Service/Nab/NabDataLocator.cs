namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// Finds the NAB subset that sits beside a clone of the repository: walk up from a start folder to the folder holding
/// <c>AnomalyPlatform.sln</c>, then <c>../shared/data/nab</c>.
/// </summary>
public static class NabDataLocator
{
    public const string SolutionFile = "AnomalyPlatform.sln";

    /// <summary>The repository root above <paramref name="start"/>, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    /// <summary>The first existing <c>../shared/data/nab</c> next to a repository root above one of <paramref name="starts"/>, or null.</summary>
    public static string? FindDefault(params string[] starts)
    {
        foreach (var start in starts)
        {
            if (FindRepositoryRoot(start) is { } root)
            {
                var nab = Path.GetFullPath(Path.Combine(root, "..", "shared", "data", "nab"));
                if (Directory.Exists(nab))
                {
                    return nab;
                }
            }
        }

        return null;
    }
}
