using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The values of a text that spreads its JSON over many lines, one after another, each as its own bytes with the line
/// it starts on. A value up to <see cref="PieceBytes"/> long comes whole. A longer one (a day of CloudWatch Logs events
/// that the AWS CLI joined into one answer, a large Jaeger download) comes in pieces of about that length, cut between
/// the items of its outermost array of objects or arrays (<c>events</c>, <c>data</c>, <c>result</c>, <c>Traces</c>,
/// <c>resourceSpans</c>): each piece is the value as it is up to that array (<c>{"events":[</c>), some of its items,
/// and the brackets that close it, so it reads as an answer of its own kind; what follows the array comes with the last
/// piece. Every format read holds records, traces or series in that array that read alike apart, so the pieces give
/// the records the whole would, in a piece's memory rather than the whole's. The text is scanned for its brackets and
/// strings only: whether a value or piece is JSON is for its parser to say.
/// </summary>
internal sealed class SpreadJsonValues
{
    /// <summary>A value longer than this is cut into pieces of about this length.</summary>
    public const long PieceBytes = 64L << 20;

    /// <summary>The longest value or piece read: one with no array to cut it at, or one item this long, is refused.</summary>
    public const long MaxBytes = 1L << 30;

    /// <summary>The most of a value before its array that is written again at the head of each piece.</summary>
    private const int MaxHeadBytes = 1 << 20;

    private readonly Stream _stream;
    private readonly (long Piece, long Max) _bytes;
    private readonly byte[] _block = new byte[1 << 16];
    private readonly ArrayBufferWriter<byte> _value = new(1 << 16);

    // The scanner: the value's open brackets (with where each opened in the value's bytes), and whether it is in a
    // string, after a backslash in one, in a number or word standing alone, or just inside an array's bracket.
    private readonly List<Frame> _open = [];
    private bool _inString;
    private bool _escaped;
    private bool _inScalar;
    private bool _awaitingItem;

    private int _blockLength;
    private int _position;
    private bool _firstBlock = true;
    private long _line = 1;
    private bool _started;
    private long _valueLine;

    // A long value's cut: the array's depth, the head each piece after the first begins with, and whether it closed.
    private int _cutDepth = -1;
    private byte[] _head = [];
    private bool _cutClosed;
    private bool _pieceStarting;

    // What the value's bytes become once the caller is done with the last handed over: nothing, or the head of a piece.
    private bool _handedOver;

    public SpreadJsonValues(Stream stream, long pieceBytes = PieceBytes, long maxBytes = MaxBytes)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _bytes = (pieceBytes, maxBytes);
    }

    /// <summary>The lines read so far, to say how far a file that breaks off was read.</summary>
    public long LinesRead => _line - 1;

    /// <summary>
    /// The next value, or piece of one, with the line it starts on; false at the end of the text. The bytes are the
    /// reader's own, good until the next call.
    /// </summary>
    /// <exception cref="LongJsonValueException">A value runs past <see cref="MaxBytes"/> with no item of its array ending.</exception>
    public bool TryNext(out long line, out ReadOnlyMemory<byte> text)
    {
        if (_handedOver)
        {
            // The last value or piece is the caller's no longer: the next begins with the head of its value, if cut.
            _value.ResetWrittenCount();
            _value.Write(_head);
            _handedOver = false;
        }

        while (true)
        {
            if (_position == _blockLength && !Fill())
            {
                // The text ends: an unfinished value is handed over as it is, for its parser to name where it broke.
                line = _valueLine;
                text = Take();
                return !text.IsEmpty;
            }

            var block = _block.AsSpan(0, _blockLength);
            var from = _position;
            for (; _position < block.Length; _position++)
            {
                var b = block[_position];
                if (!_started)
                {
                    if (IsSpace(b))
                    {
                        _line += b == (byte)'\n' ? 1 : 0;
                        from = _position + 1;
                        continue;
                    }

                    (_started, _valueLine) = (true, _line);
                }
                else if (_pieceStarting)
                {
                    // A piece after the first starts with its first item, on that item's line.
                    if (IsSpace(b))
                    {
                        _line += b == (byte)'\n' ? 1 : 0;
                        from = _position + 1;
                        continue;
                    }

                    (_pieceStarting, _valueLine) = (false, _line);
                }

                var end = Scan(b, _value.WrittenCount + _position - from);
                if (end == Boundary.ScalarEnd)
                {
                    // The byte after a number or word standing alone is not its: it is looked at again.
                    Append(block[from.._position]);
                    (line, text) = (_valueLine, Take());
                    return true;
                }

                _line += b == (byte)'\n' ? 1 : 0;
                if (end == Boundary.ValueEnd)
                {
                    Append(block[from..++_position]);
                    (line, text) = (_valueLine, Take());
                    return true;
                }

                if (end == Boundary.ItemEnd)
                {
                    Append(block[from.._position]);
                    from = _position;
                    if (Cut())
                    {
                        // The comma after the last item of this piece is left out.
                        _position++;
                        (line, text) = (_valueLine, Piece());
                        _pieceStarting = true;
                        return true;
                    }
                }

                if (_value.WrittenCount + _position - from > _bytes.Max)
                {
                    throw new LongJsonValueException(_valueLine, _bytes.Max);
                }
            }

            Append(block[from.._position]);
        }
    }

    private enum Boundary
    {
        None,
        ValueEnd,
        ScalarEnd,
        ItemEnd,
    }

    private readonly record struct Frame(bool Array, bool ItemsAreContainers, long Offset);

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    /// <summary>Moves the scanner past <paramref name="b"/>, the value's byte at <paramref name="offset"/>; what it ends, if anything.</summary>
    private Boundary Scan(byte b, long offset)
    {
        if (_inString)
        {
            if (_escaped)
            {
                _escaped = false;
            }
            else if (b == (byte)'\\')
            {
                _escaped = true;
            }
            else if (b == (byte)'"')
            {
                _inString = false;
                return _open.Count == 0 ? Boundary.ValueEnd : Boundary.None;
            }

            return Boundary.None;
        }

        if (_inScalar)
        {
            if (!IsSpace(b) && b is not ((byte)'{' or (byte)'[' or (byte)'"'))
            {
                return Boundary.None;
            }

            _inScalar = false;
            return Boundary.ScalarEnd;
        }

        if (_awaitingItem && !IsSpace(b))
        {
            _awaitingItem = false;
            _open[^1] = _open[^1] with { ItemsAreContainers = b is (byte)'{' or (byte)'[' };
        }

        switch (b)
        {
            case (byte)'"':
                _inString = true;
                return Boundary.None;
            case (byte)'{' or (byte)'[':
                _open.Add(new Frame(b == (byte)'[', false, offset));
                _awaitingItem = b == (byte)'[';
                return Boundary.None;
            case (byte)'}' or (byte)']':
                _awaitingItem = false;
                if (_open.Count > 0)
                {
                    _cutClosed |= _open.Count - 1 == _cutDepth;
                    _open.RemoveAt(_open.Count - 1);
                }

                return _open.Count == 0 ? Boundary.ValueEnd : Boundary.None;
            case (byte)',':
                return _open.Count > 0 && _open[^1].ItemsAreContainers && IsOutermostCut(_open.Count - 1) ? Boundary.ItemEnd : Boundary.None;
            default:
                // A number, true, false or null standing alone, or text that is not JSON: it ends at a space or bracket.
                _inScalar = _open.Count == 0 && !IsSpace(b);
                return Boundary.None;
        }
    }

    /// <summary>Whether the array open at <paramref name="depth"/> is the one a long value is cut in: its outermost array of objects or arrays.</summary>
    private bool IsOutermostCut(int depth)
    {
        if (_cutDepth >= 0)
        {
            return depth == _cutDepth && !_cutClosed;
        }

        for (var i = 0; i < depth; i++)
        {
            if (_open[i].ItemsAreContainers)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether the value so far is long enough to end a piece at this item; on a value's first cut, its head is kept.</summary>
    private bool Cut()
    {
        if (_value.WrittenCount <= _bytes.Piece)
        {
            return false;
        }

        if (_cutDepth < 0)
        {
            var depth = _open.Count - 1;
            var head = _open[depth].Offset + 1;
            if (head > MaxHeadBytes)
            {
                return false;
            }

            (_cutDepth, _head) = (depth, _value.WrittenSpan[..(int)head].ToArray());
        }

        return true;
    }

    /// <summary>The piece so far, closed as the value's open brackets close; the next piece begins with the value's head.</summary>
    private ReadOnlyMemory<byte> Piece()
    {
        for (var i = _open.Count - 1; i >= 0; i--)
        {
            _value.Write(_open[i].Array ? "]"u8 : "}"u8);
        }

        _handedOver = true;
        return Text(_value.WrittenMemory);
    }

    /// <summary>The value so far, and the scanner set for the next value.</summary>
    private ReadOnlyMemory<byte> Take()
    {
        var text = Text(_value.WrittenMemory);
        _handedOver = true;
        _open.Clear();
        (_inString, _escaped, _inScalar, _awaitingItem, _started) = (false, false, false, false, false);
        (_cutDepth, _head, _cutClosed, _pieceStarting) = (-1, [], false, false);
        return text;
    }

    /// <summary><paramref name="bytes"/>, bytes that are not UTF-8 read as U+FFFD, as a text reader reads them.</summary>
    private static ReadOnlyMemory<byte> Text(ReadOnlyMemory<byte> bytes) =>
        Utf8.IsValid(bytes.Span) ? bytes : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes.Span));

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_started)
        {
            _value.Write(bytes);
        }
    }

    private bool Fill()
    {
        _blockLength = _stream.Read(_block);
        _position = 0;
        if (_firstBlock)
        {
            // A byte-order mark is not the text's.
            _firstBlock = false;
            _position = _block.AsSpan(0, _blockLength).StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        }

        return _blockLength > _position;
    }
}

/// <summary>A value of spread JSON that ran past <see cref="SpreadJsonValues.MaxBytes"/> with no item of an outermost array of objects or arrays ending.</summary>
internal sealed class LongJsonValueException(long line, long bytes)
    : Exception($"the value starting on line {line:N0} passes {bytes >> 20:N0} MiB with no array of objects or arrays to cut it at")
{
    public long Line => line;
}
