using System.Text.Json;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>The anomaly windows of every file, read from NAB's <c>combined_windows.json</c>, keyed by <c>category/name.csv</c>.</summary>
public sealed class NabLabels
{
    private readonly Dictionary<string, NabWindow[]> _windows;

    private NabLabels(Dictionary<string, NabWindow[]> windows) => _windows = windows;

    public IReadOnlyCollection<string> Files => _windows.Keys;

    /// <summary>The windows of <paramref name="relativePath"/> (forward slashes), in time order; false when the file is not labelled.</summary>
    public bool TryGetWindows(string relativePath, out IReadOnlyList<NabWindow> windows)
    {
        var found = _windows.TryGetValue(relativePath.Replace('\\', '/'), out var array);
        windows = array ?? [];
        return found;
    }

    /// <summary>Whether the windows were drawn from the files' own label columns (<see cref="NabPointLabels"/>).</summary>
    public bool FromPointLabels { get; private init; }

    /// <summary>
    /// The labels of a NAB folder: <paramref name="labelsPath"/> when given, else the folder's
    /// <c>labels/combined_windows.json</c>, else windows drawn from the files' own <c>label</c> columns (files without
    /// one are not labelled); a folder with none of these is an error naming it.
    /// </summary>
    public static async Task<NabLabels> ForCorpusAsync(NabCorpus corpus, string? labelsPath, CancellationToken cancellationToken)
    {
        if ((labelsPath ?? corpus.DefaultLabelsPath) is { } file)
        {
            return await LoadAsync(file, cancellationToken).ConfigureAwait(false);
        }

        var windows = new Dictionary<string, NabWindow[]>(StringComparer.Ordinal);
        foreach (var relative in corpus.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (NabPointLabels.TryRead(corpus.PathOf(relative), out var drawn))
            {
                windows[relative] = [.. drawn];
            }
        }

        return windows.Count > 0
            ? new NabLabels(windows) { FromPointLabels = true }
            : throw new FileNotFoundException($"No labels/combined_windows.json found for {corpus.DataDirectory} and no file has a '{NabPointLabels.LabelColumn}' column: pass --labels FILE.");
    }

    public static async Task<NabLabels> LoadAsync(string combinedWindowsJsonPath, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(combinedWindowsJsonPath);
        Dictionary<string, List<List<string>>>? raw;
        try
        {
            raw = await JsonSerializer.DeserializeAsync(stream, NabJsonContext.Default.DictionaryStringListListString, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            // The serializer's message has the path and position but not the file.
            throw new InvalidDataException($"{combinedWindowsJsonPath}: not a windows file ({{\"category/file.csv\": [[start, end], ...]}}): {ex.Message}", ex);
        }

        if (raw is null)
        {
            throw new InvalidDataException($"{combinedWindowsJsonPath}: empty labels file.");
        }

        var windows = new Dictionary<string, NabWindow[]>(StringComparer.Ordinal);
        foreach (var (file, pairs) in raw)
        {
            var list = new NabWindow[pairs.Count];
            for (var i = 0; i < pairs.Count; i++)
            {
                if (pairs[i].Count != 2 || !NabTimestamp.TryParse(pairs[i][0], out var start) || !NabTimestamp.TryParse(pairs[i][1], out var end) || end < start)
                {
                    throw new InvalidDataException($"{combinedWindowsJsonPath}: window {i} of {file} is not a [start, end] pair of timestamps.");
                }

                list[i] = new NabWindow(start, end);
            }

            Array.Sort(list, static (a, b) => a.Start.CompareTo(b.Start));
            windows[file] = list;
        }

        return new NabLabels(windows);
    }
}
