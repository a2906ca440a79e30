namespace AnomalyPlatform.ServiceDefaults.Output;

/// <summary>Writes an output file through a temporary sibling, so a reader never sees half a file, even after a crash.</summary>
public static class AtomicFile
{
    /// <summary>
    /// Lets <paramref name="write"/> fill <c>{path}.tmp</c>, then moves it over <paramref name="path"/>; if the write
    /// fails, the file at <paramref name="path"/> is left as it was.
    /// </summary>
    public static async Task WriteAsync(string path, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(write);
        var temporary = path + ".tmp";
        var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await write(stream, cancellationToken).ConfigureAwait(false);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
