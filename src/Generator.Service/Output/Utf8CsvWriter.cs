using System.Buffers;
using System.Globalization;
using System.Text;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Writes comma-separated rows as UTF-8 bytes straight into a buffer: a field holding a comma, a quote, a carriage
/// return or a line feed is quoted and its quotes doubled (RFC 4180), rows end with "\n", numbers are formatted with the
/// invariant culture. The generator writes every record of a run through it, so it does no more per field than that.
/// </summary>
/// <remarks>
/// It replaces a general CSV writer that formatted each field into UTF-16 text and then encoded it: writing the two CSV
/// files was the largest share of generation's processor time. The bytes are the same.
/// </remarks>
internal sealed class Utf8CsvWriter : IDisposable
{
    private const int BufferBytes = 64 * 1024;

    private static readonly SearchValues<char> NeedsQuotes = SearchValues.Create(",\"\r\n");

    // As a StreamWriter's default: no byte-order mark, and text that is not valid UTF-16 is an error, not replaced.
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private byte[] _buffer = new byte[BufferBytes];
    private int _length;
    private bool _inRow;

    public Utf8CsvWriter(Stream stream, bool leaveOpen)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;
    }

    /// <summary>A whole row of text fields (a header).</summary>
    public void Row(IEnumerable<string> fields)
    {
        foreach (var field in fields)
        {
            Text(field);
        }

        EndRow();
    }

    /// <summary>A text field, quoted when it must be; null is an empty field.</summary>
    public void Text(string? value) => Text(value.AsSpan());

    /// <inheritdoc cref="Text(string?)"/>
    public void Text(ReadOnlySpan<char> value)
    {
        Separate();
        if (value.ContainsAny(NeedsQuotes))
        {
            Quoted(value);
            return;
        }

        Ensure(Utf8.GetMaxByteCount(value.Length));
        _length += Utf8.GetBytes(value, _buffer.AsSpan(_length));
    }

    public void Integer(long value)
    {
        Separate();
        Ensure(20);
        value.TryFormat(_buffer.AsSpan(_length), out var written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    public void Number(double value, string format)
    {
        Separate();
        Ensure(128);
        if (!value.TryFormat(_buffer.AsSpan(_length), out var written, format, CultureInfo.InvariantCulture))
        {
            // Only a format that asks for more digits than any double has gets here.
            var text = value.ToString(format, CultureInfo.InvariantCulture);
            Ensure(Utf8.GetMaxByteCount(text.Length));
            written = Utf8.GetBytes(text, _buffer.AsSpan(_length));
        }

        _length += written;
    }

    public void EndRow()
    {
        Ensure(1);
        _buffer[_length++] = (byte)'\n';
        _inRow = false;
    }

    /// <summary>Writes what is buffered to the stream and flushes it.</summary>
    public void Flush()
    {
        Drain();
        _stream.Flush();
    }

    public void Dispose()
    {
        Flush();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void Quoted(ReadOnlySpan<char> value)
    {
        // Every quote doubles, and two more surround the field.
        Ensure(Utf8.GetMaxByteCount(value.Length) * 2 + 2);
        _buffer[_length++] = (byte)'"';
        while (!value.IsEmpty)
        {
            var quote = value.IndexOf('"');
            var part = quote < 0 ? value : value[..(quote + 1)];
            _length += Utf8.GetBytes(part, _buffer.AsSpan(_length));
            if (quote < 0)
            {
                break;
            }

            _buffer[_length++] = (byte)'"';
            value = value[(quote + 1)..];
        }

        _buffer[_length++] = (byte)'"';
    }

    private void Separate()
    {
        if (_inRow)
        {
            Ensure(1);
            _buffer[_length++] = (byte)',';
        }

        _inRow = true;
    }

    private void Ensure(int bytes)
    {
        if (_length + bytes <= _buffer.Length)
        {
            return;
        }

        Drain();
        if (bytes > _buffer.Length)
        {
            _buffer = new byte[bytes];
        }
    }

    private void Drain()
    {
        _stream.Write(_buffer, 0, _length);
        _length = 0;
    }
}
