using System.IO.Compression;
using System.IO.Hashing;

namespace AnomalyPlatform.ServiceDefaults.Compression;

/// <summary>
/// The text of a gzip file, checked as RFC 1952 asks: every member must end with its trailer, whose CRC-32 and length
/// match what was decompressed. .NET's <see cref="GZipStream"/> ends quietly where a truncated file stops, which would
/// pass half a file off as the whole; here that is a <see cref="GzipDataException"/>, as is corrupt data (with where it
/// was found instead of zlib's "unsupported compression method"). Several members one after another (<c>cat a.gz b.gz</c>,
/// bgzip) are one text, as gzip reads them.
/// </summary>
public sealed class CheckedGzipStream(Stream compressed) : ForwardReadStream
{
    private readonly GzipCompressedInput _input = new(compressed);
    private readonly Crc32 _crc = new();
    private DeflateStream? _member;
    private int _members;
    private long _memberLength;
    private long _text;
    private long _lines;

    public override int Read(Span<byte> buffer)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            if (_member is null && !TryStartMember())
            {
                return 0;
            }

            int read;
            try
            {
                read = _member!.Read(buffer);
            }
            catch (InvalidDataException ex)
            {
                // zlib says "unsupported compression method" for any bad deflate data, which misleads: say where it broke.
                throw new GzipDataException(
                    $"the gzip data is corrupt: its deflate stream (member {_members}) breaks before compressed byte {_input.Offset:N0}, after {Progress}", ex);
            }

            if (read > 0)
            {
                _crc.Append(buffer[..read]);
                _memberLength += read;
                _text += read;
                // Lines are counted here, not by the reader, which reads ahead: the message can then say how much of the text was whole.
                _lines += buffer[..read].Count((byte)'\n');
                return read;
            }

            EndMember();
        }
    }

    private string Progress => $"{_lines:N0} whole lines of text ({_text:N0} bytes)";

    private bool TryStartMember()
    {
        if (_members > 0 && !_input.StartsWith(GzipMemberHeader.Magic))
        {
            if (_input.RestIsZeros())
            {
                return false;
            }

            throw new GzipDataException(
                $"after its gzip data ends at compressed byte {_input.Offset:N0} ({Progress}), the file holds bytes that are not gzip: a damaged further member, or another file appended");
        }

        GzipMemberHeader.Skip(_input);
        _input.BeginMember();
        _member = new DeflateStream(_input, CompressionMode.Decompress, leaveOpen: true);
        _members++;
        _memberLength = 0;
        _crc.Reset();
        return true;
    }

    private void EndMember()
    {
        _member!.Dispose();
        _member = null;
        if (_input.RanOutDuringMember)
        {
            throw new GzipDataException(
                $"the file is truncated: its gzip data stops mid-stream at compressed byte {_input.Offset:N0}, after {Progress}, without the end every gzip file has (to analyse what it does hold, decompress it first, e.g. with zcat, and give the text)");
        }

        if (!_input.TrySkipTrailer(_crc.GetCurrentHashAsUInt32(), unchecked((uint)_memberLength)))
        {
            throw new GzipDataException(
                $"the gzip data does not end with the checksum of what it decompressed (member {_members}, after {Progress}): the file is truncated or corrupt");
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _member?.Dispose();
            _input.Dispose();
        }

        base.Dispose(disposing);
    }
}
