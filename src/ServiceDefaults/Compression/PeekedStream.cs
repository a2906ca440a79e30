namespace AnomalyPlatform.ServiceDefaults.Compression;

/// <summary>
/// A stream whose first bytes were read to tell what it holds (gzip's magic, a header line) and are given again: those
/// bytes, then the rest. A pipe cannot seek back, so this is how an input read once, front to back, is looked at first.
/// </summary>
public sealed class PeekedStream : ForwardReadStream
{
    private readonly byte[] _head;
    private readonly int _headLength;
    private readonly Stream _rest;
    private int _position;

    private PeekedStream(byte[] head, int headLength, Stream rest)
    {
        _head = head;
        _headLength = headLength;
        _rest = rest;
    }

    /// <summary>The bytes read ahead: as many as asked, fewer only where the stream ended.</summary>
    public ReadOnlySpan<byte> Head => _head.AsSpan(0, _headLength);

    /// <summary>
    /// Reads up to <paramref name="bytes"/> of <paramref name="stream"/>'s start (a pipe may hand over less per read, so
    /// it reads until it has them or the stream ends); the result owns <paramref name="stream"/>.
    /// </summary>
    public static PeekedStream Of(Stream stream, int bytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var head = new byte[bytes];
        var length = 0;
        int read;
        while (length < head.Length && (read = stream.Read(head, length, head.Length - length)) > 0)
        {
            length += read;
        }

        return new PeekedStream(head, length, stream);
    }

    public override int Read(Span<byte> buffer)
    {
        if (_position < _headLength)
        {
            var count = Math.Min(buffer.Length, _headLength - _position);
            _head.AsSpan(_position, count).CopyTo(buffer);
            _position += count;
            return count;
        }

        return _rest.Read(buffer);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rest.Dispose();
        }

        base.Dispose(disposing);
    }
}
