using System.Buffers;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The lines of a UTF-8 stream as bytes, for a reader that parses bytes (<see cref="System.Text.Json.JsonDocument"/>):
/// decoding each line to a .NET string only for the parser to encode it back cost about half of the time OTLP lines
/// took to parse. A line ends at <c>\n</c>, a <c>\r</c> before it dropped; a byte-order mark at the start is skipped.
/// A line is valid until the next call; the buffer grows to the longest line.
/// </summary>
internal sealed class Utf8LineReader(Stream stream) : IDisposable
{
    private const int InitialBuffer = 1 << 16;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;
    private int _searched;
    private bool _atEnd;
    private bool _started;

    /// <summary>The next line, without its line break; false at the end of the stream.</summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line)
    {
        while (true)
        {
            if (!_started)
            {
                if (_end - _start < 3 && !_atEnd)
                {
                    Fill();
                    continue;
                }

                _started = true;
                _start += _buffer.AsSpan(_start, _end - _start).StartsWith("\uFEFF"u8) ? 3 : 0;
            }

            // Only the bytes a read added are searched: a long line from a pipe arrives in many small reads.
            var from = _start + _searched;
            var newline = _buffer.AsSpan(from, _end - from).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var length = from - _start + newline;
                line = Line(length);
                _start += length + 1;
                _searched = 0;
                return true;
            }

            if (_atEnd)
            {
                if (_end > _start)
                {
                    line = Line(_end - _start);
                    _start = _end;
                    _searched = 0;
                    return true;
                }

                line = default;
                return false;
            }

            _searched = _end - _start;
            Fill();
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private ReadOnlyMemory<byte> Line(int length) =>
        _buffer.AsMemory(_start, length > 0 && _buffer[_start + length - 1] == (byte)'\r' ? length - 1 : length);

    private void Fill()
    {
        // The unfinished line moves to the front; a line as long as the buffer doubles it.
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, larger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        _end += read;
        _atEnd = read == 0;
    }
}
