namespace AnomalyPlatform.ServiceDefaults.Compression;

/// <summary>The header that opens each gzip member (RFC 1952, section 2.3): checked, then skipped to the deflate data.</summary>
internal static class GzipMemberHeader
{
    public static ReadOnlySpan<byte> Magic => [0x1f, 0x8b];

    private const byte Deflate = 8;
    private const byte HeaderCrc = 0x02;
    private const byte Extra = 0x04;
    private const byte Name = 0x08;
    private const byte Comment = 0x10;
    private const byte Reserved = 0xe0;

    /// <summary>Moves past the header at the input's position; throws a <see cref="GzipDataException"/> when it is not one.</summary>
    public static void Skip(GzipCompressedInput input)
    {
        var start = input.Offset;
        if (!input.StartsWith(Magic))
        {
            throw new GzipDataException($"the gzip data is corrupt: no gzip header at compressed byte {start:N0}");
        }

        Span<byte> fixedPart = stackalloc byte[10];
        for (var i = 0; i < fixedPart.Length; i++)
        {
            fixedPart[i] = input.Next() ?? throw EndedIn(start);
        }

        if (fixedPart[2] != Deflate || (fixedPart[3] & Reserved) != 0)
        {
            throw new GzipDataException(
                $"the gzip header at compressed byte {start:N0} names compression method {fixedPart[2]} and flags 0x{fixedPart[3]:x2} (gzip has only method 8, deflate, and flags below 0x20): the file is corrupt");
        }

        var flags = fixedPart[3];
        if ((flags & Extra) != 0)
        {
            var length = (input.Next() ?? throw EndedIn(start)) | ((input.Next() ?? throw EndedIn(start)) << 8);
            for (var i = 0; i < length; i++)
            {
                _ = input.Next() ?? throw EndedIn(start);
            }
        }

        foreach (var text in (ReadOnlySpan<byte>)[Name, Comment])
        {
            if ((flags & text) != 0)
            {
                // A zero-terminated file name or comment.
                while ((input.Next() ?? throw EndedIn(start)) != 0)
                {
                }
            }
        }

        if ((flags & HeaderCrc) != 0)
        {
            _ = input.Next() ?? throw EndedIn(start);
            _ = input.Next() ?? throw EndedIn(start);
        }
    }

    private static GzipDataException EndedIn(long start) =>
        new($"the file is truncated: it ends inside the gzip header that starts at compressed byte {start:N0}");
}
