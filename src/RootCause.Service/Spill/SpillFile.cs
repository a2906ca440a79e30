namespace AnomalyPlatform.RootCause.Spill;

/// <summary>
/// A temporary file a run's collected data goes to instead of the heap, appended to as messages arrive and read back
/// when the run is complete: what the root-cause stage keeps of a run would otherwise grow with the run, and at
/// 10,000,000 records it was a fifth of the process's peak while detection was still running. Created on the first
/// append; deleted when disposed. Not thread-safe: its owner serialises calls.
/// </summary>
internal sealed class SpillFile(string prefix) : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), prefix + "-" + Guid.NewGuid().ToString("N") + ".bin");
    private FileStream? _file;
    private BinaryWriter? _writer;
    private bool _disposed;

    /// <summary>Nothing has been appended yet.</summary>
    public bool IsEmpty => _file is null;

    /// <summary>Where the next append starts; everything appended before is written through to the file.</summary>
    public long EndOffset
    {
        get
        {
            if (_file is null)
            {
                return 0;
            }

            _writer!.Flush();
            return _file.Length;
        }
    }

    /// <summary>Writes everything appended so far through to the file.</summary>
    public void Flush() => _writer?.Flush();

    /// <summary>The writer that appends to the end of the file (created with it).</summary>
    public BinaryWriter Writer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _file ??= new FileStream(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite, 1 << 16, FileOptions.DeleteOnClose);
            return _writer ??= new BinaryWriter(_file);
        }
    }

    /// <summary>A reader of everything appended so far, from the start; the caller disposes it.</summary>
    /// <exception cref="InvalidOperationException">Nothing has been appended.</exception>
    public BinaryReader OpenReader()
    {
        if (_file is null)
        {
            throw new InvalidOperationException("Nothing has been spilled to read back.");
        }

        _writer!.Flush();
        return new BinaryReader(new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16));
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _file?.Dispose();
        _writer = null;
        _file = null;
        _disposed = true;
    }
}
