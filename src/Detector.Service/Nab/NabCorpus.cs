namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// A NAB folder: either the benchmark root (<c>data/</c>, <c>labels/</c>, optional <c>files.txt</c>) or a data folder
/// itself. Files are named as NAB names them, <c>category/name.csv</c>, relative to the data folder.
/// </summary>
public sealed record NabCorpus(string DataDirectory, IReadOnlyList<string> Files, string? DefaultLabelsPath, string? ReadmePath)
{
    public const string FileList = "files.txt";

    public static NabCorpus Open(string folder)
    {
        var root = Path.GetFullPath(folder);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException(File.Exists(root)
                ? $"'{root}' is a file: --data takes a folder of category/name.csv series (detect scores one file)."
                : $"NAB folder '{root}' does not exist.");
        }

        var data = Directory.Exists(Path.Combine(root, "data")) ? Path.Combine(root, "data") : root;
        var parent = data == root ? Path.GetDirectoryName(root)! : root;
        var files = ListFiles(root, data, parent);
        var labels = FirstExisting(Path.Combine(root, "labels", "combined_windows.json"), Path.Combine(parent, "labels", "combined_windows.json"));
        var readme = FirstExisting(Path.Combine(root, "README.md"), Path.Combine(parent, "README.md"));
        return new NabCorpus(data, files, labels, readme);
    }

    public string PathOf(string file) => Path.Combine(DataDirectory, file.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The category of <c>category/name.csv</c> (the folder), or "(none)".</summary>
    public static string CategoryOf(string file)
    {
        var slash = file.LastIndexOf('/');
        return slash > 0 ? file[..slash] : "(none)";
    }

    private static List<string> ListFiles(string root, string data, string parent)
    {
        var list = FirstExisting(Path.Combine(root, FileList), Path.Combine(parent, FileList));
        if (list is not null)
        {
            var listed = File.ReadAllLines(list)
                .Select(static l => l.Trim())
                .Where(static l => l.Length > 0 && !l.StartsWith('#'))
                .ToList();
            var present = listed.Where(f => File.Exists(Path.Combine(data, f))).ToList();
            if (present.Count > 0)
            {
                return present;
            }
        }

        var files = Directory.EnumerateFiles(data, "*.csv", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(data, f).Replace(Path.DirectorySeparatorChar, '/'))
            .ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static string? FirstExisting(params string[] paths) => paths.FirstOrDefault(File.Exists);
}
