using System.Buffers.Binary;

namespace AnomalyPlatform.ServiceDefaults.Compression;

/// <summary>
/// The compressed bytes of a gzip file, read front to back once and handed to one member's <see cref="System.IO.Compression.DeflateStream"/>
/// at a time. A DeflateStream reads ahead of the end of its data and does not say how far it got, so the last handful
/// handed over is kept: the member's trailer is found there (<see cref="TrySkipTrailer"/>), and the next member starts after it.
/// </summary>
internal sealed class GzipCompressedInput(Stream compressed) : ForwardReadStream
{
    private const int BufferBytes = 64 * 1024;

    private byte[] _buffer = new byte[BufferBytes];
    private int _keptFrom;
    private int _lastHandedFrom;
    private int _position;
    private int _end;
    private long _discarded;
    private bool _compressedEnded;

    /// <summary>How many compressed bytes lie before the next one to be handed over or parsed.</summary>
    public long Offset => _discarded + _position;

    /// <summary>Whether the DeflateStream asked for more after the file had ended: its data stopped mid-stream.</summary>
    public bool RanOutDuringMember { get; private set; }

    /// <summary>Starts a member: nothing handed over yet, and the bytes before this point are no longer needed.</summary>
    public void BeginMember()
    {
        RanOutDuringMember = false;
        _keptFrom = _lastHandedFrom = _position;
    }

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (!Fill(1))
        {
            RanOutDuringMember = true;
            return 0;
        }

        (_keptFrom, _lastHandedFrom) = (_lastHandedFrom, _position);
        var count = Math.Min(buffer.Length, _end - _position);
        _buffer.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        return count;
    }

    /// <summary>
    /// After a member's deflate data ended: finds its 8-byte trailer (CRC-32, then length mod 2^32, both little-endian)
    /// where the deflate data can have ended, in the last bytes handed over, and moves past it. False when no trailer
    /// there matches what was decompressed.
    /// </summary>
    public bool TrySkipTrailer(uint crc, uint length)
    {
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], length);
        Fill(trailer.Length + GzipMemberHeader.Magic.Length);
        // The deflate data ended in the last read the DeflateStream made (the one before is kept too, in case its
        // inflater held the last bits back). Eight bytes of real deflate data match a trailer by chance with odds of
        // 2^-64, but a tiny member's can (an empty one's ends in a zero byte, and its trailer is eight more): the trailer
        // is the match followed by the end of the file or the next member, else by zero padding.
        var window = _buffer.AsSpan(_keptFrom, Math.Min(_end, _position + trailer.Length) - _keptFrom);
        int? padded = null, first = null;
        var searched = 0;
        while (window[searched..].IndexOf(trailer) is var found and >= 0)
        {
            var after = _keptFrom + searched + found + trailer.Length;
            var next = _buffer.AsSpan(after, _end - after);
            if (next.IsEmpty || next.StartsWith(GzipMemberHeader.Magic))
            {
                SkipTo(after);
                return true;
            }

            padded ??= next[0] == 0 ? after : null;
            first ??= after;
            searched += found + 1;
        }

        // Followed by something else: the member is whole, and what follows it is refused as not gzip.
        if ((padded ?? first) is { } afterTrailer)
        {
            SkipTo(afterTrailer);
            return true;
        }

        return false;
    }

    private void SkipTo(int position)
    {
        _position = position;
        _keptFrom = _lastHandedFrom = _position;
    }

    /// <summary>The next byte, consumed; null at the end of the file.</summary>
    public byte? Next()
    {
        if (!Fill(1))
        {
            return null;
        }

        return _buffer[_position++];
    }

    /// <summary>Whether the next bytes are <paramref name="expected"/> (not consumed).</summary>
    public bool StartsWith(ReadOnlySpan<byte> expected) => Fill(expected.Length) && _buffer.AsSpan(_position, expected.Length).SequenceEqual(expected);

    /// <summary>Reads the rest of the file; true when every byte left is zero (padding some writers add, which gzip skips too).</summary>
    public bool RestIsZeros()
    {
        while (Fill(1))
        {
            if (_buffer.AsSpan(_position, _end - _position).ContainsAnyExcept((byte)0))
            {
                return false;
            }

            _position = _end;
            _keptFrom = _lastHandedFrom = _position;
        }

        return true;
    }

    /// <summary>Makes <paramref name="count"/> bytes from the current position available, as far as the file goes; true when they are.</summary>
    private bool Fill(int count)
    {
        while (_end - _position < count && !_compressedEnded)
        {
            if (_end == _buffer.Length)
            {
                MakeRoom();
            }

            var read = compressed.Read(_buffer, _end, _buffer.Length - _end);
            if (read <= 0)
            {
                _compressedEnded = true;
            }
            else
            {
                _end += read;
            }
        }

        return _end - _position >= count;
    }

    /// <summary>Drops what no trailer search can need (everything before the last two reads handed over), else grows the buffer.</summary>
    private void MakeRoom()
    {
        if (_keptFrom == 0)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
            return;
        }

        var dropped = _keptFrom;
        _buffer.AsSpan(dropped, _end - dropped).CopyTo(_buffer);
        _discarded += dropped;
        (_keptFrom, _lastHandedFrom, _position, _end) = (0, _lastHandedFrom - dropped, _position - dropped, _end - dropped);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            compressed.Dispose();
        }

        base.Dispose(disposing);
    }
}
