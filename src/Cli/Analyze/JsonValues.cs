using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AnomalyPlatform.ServiceDefaults.Configuration;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The JSON values of an input file, each with the line it starts on: JSON lines a line at a time (what a Collector's
/// file exporter writes; a line that is not JSON is rejected alone; a line of several values one after another, as
/// Firehose delivers records to S3, is each of them), or a text that spreads its values over many lines
/// (a pretty-printed export, as <c>jq .</c> or an HTTP client saves one, several one after another, or an array). Such
/// a text has no line a value can be cut at, so each value is read whole, parsed, handed over and let go in turn, a
/// long one in pieces (<see cref="SpreadJsonValues"/>).
/// </summary>
internal static class JsonValues
{
    // Structured log bodies nest deeper than the reader's default of 64 levels.
    private static readonly JsonReaderOptions Options = new() { AllowMultipleValues = true, MaxDepth = 1024 };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 1024 };

    /// <summary>
    /// Whether a file whose first line is <paramref name="firstLine"/> spreads its JSON over many lines: that line opens
    /// an object or array it does not close, and more lines follow it (<paramref name="moreLines"/>). A JSON line longer
    /// than what was looked at, or one that is not JSON, is a line of JSON lines.
    /// </summary>
    public static bool SpreadOverLines(string firstLine, bool moreLines)
    {
        if (!moreLines)
        {
            return false;
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(firstLine), isFinalBlock: false, new JsonReaderState(Options));
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return reader.CurrentDepth > 0 || reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray or JsonTokenType.PropertyName;
    }

    /// <summary>Hands each value of <paramref name="stream"/> to <paramref name="read"/> with the line it starts on.</summary>
    /// <param name="spread">Whether the values spread over many lines (<see cref="SpreadOverLines"/>) rather than one a line.</param>
    public static void Each(string path, Stream stream, bool spread, InputRejects rejects, Action<long, JsonElement> read, CancellationToken cancellationToken)
    {
        if (spread)
        {
            ReadSpread(path, stream, rejects, read, cancellationToken);
        }
        else
        {
            ReadLines(path, stream, rejects, read, cancellationToken);
        }
    }

    private static void ReadLines(string path, Stream stream, InputRejects rejects, Action<long, JsonElement> read, CancellationToken cancellationToken)
    {
        using var lines = new Utf8LineReader(stream);
        var lineNumber = 0;
        while (NextLine(path, lines, lineNumber) is { } line)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lineNumber++;
            if (line.Span.Trim(" \t\r\f\v"u8).IsEmpty)
            {
                continue;
            }

            // Bytes that are not UTF-8 are read as U+FFFD, as a text reader reads them, rather than costing the line.
            var text = Utf8.IsValid(line.Span) ? line : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(line.Span));
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, DocumentOptions);
            }
            catch (JsonException ex)
            {
                // Several values on one line, one after another ("}{"), as Firehose delivers records to S3: each is read.
                if (!ReadConcatenated(text.Span, lineNumber, read))
                {
                    rejects.AddUncounted(path, lineNumber, "line", $"is not JSON ({UntrustedText.Cut(ex.Message)}): how many records it held cannot be told");
                }

                continue;
            }

            using (document)
            {
                read(lineNumber, document.RootElement);
            }
        }
    }

    /// <summary>
    /// Reads a line that holds several JSON values one after another, as Firehose writes the records it delivers to S3
    /// (CloudWatch Logs' subscription payloads: <c>{...}{...}</c>). False, reading none, where it is not such a line.
    /// </summary>
    private static bool ReadConcatenated(ReadOnlySpan<byte> line, long lineNumber, Action<long, JsonElement> read)
    {
        // Checked whole before any value is handed over, so that a line that is not JSON after all costs nothing twice.
        var check = new Utf8JsonReader(line, Options);
        var values = 0;
        try
        {
            while (check.Read())
            {
                check.Skip();
                values++;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        if (values < 2)
        {
            return false;
        }

        var reader = new Utf8JsonReader(line, Options);
        while (reader.Read())
        {
            using var document = JsonDocument.ParseValue(ref reader);
            read(lineNumber, document.RootElement);
        }

        return true;
    }

    private static ReadOnlyMemory<byte>? NextLine(string path, Utf8LineReader lines, long linesRead)
    {
        try
        {
            // Not "? line : null": null would convert to an empty line through byte[], and the end would never come.
            return lines.TryReadLine(out var line) ? line : default(ReadOnlyMemory<byte>?);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A gzip file that breaks off (corrupt, truncated) or a failing disk: say how far the file was read.
            throw InputFileException.StoppedAt(path, linesRead, ex);
        }
    }

    /// <summary>
    /// Text that stops being JSON ends the reading there: where the next value would begin cannot be told, so what follows
    /// is rejected, not guessed at. A long value is read in pieces (<see cref="SpreadJsonValues"/>).
    /// </summary>
    internal static void ReadSpread(
        string path, Stream stream, InputRejects rejects, Action<long, JsonElement> read, CancellationToken cancellationToken,
        long pieceBytes = SpreadJsonValues.PieceBytes, long maxBytes = SpreadJsonValues.MaxBytes)
    {
        var values = new SpreadJsonValues(stream, pieceBytes, maxBytes);
        while (Next(path, values) is var (line, text) && !text.IsEmpty)
        {
            cancellationToken.ThrowIfCancellationRequested();
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text, DocumentOptions);
            }
            catch (JsonException ex)
            {
                rejects.AddUncounted(path, line + (ex.LineNumber ?? 0), "text",
                    $"is not JSON from here on ({UntrustedText.Cut(JsonFileLoadError.Reason(ex))}): what it held cannot be told, so the rest of the file is left out");
                return;
            }

            using (document)
            {
                read(line, document.RootElement);
            }
        }
    }

    /// <summary>The next value or piece of one (empty at the end), or why the file cannot be read on.</summary>
    private static (long Line, ReadOnlyMemory<byte> Text) Next(string path, SpreadJsonValues values)
    {
        try
        {
            return values.TryNext(out var line, out var text) ? (line, text) : (0, ReadOnlyMemory<byte>.Empty);
        }
        catch (LongJsonValueException ex)
        {
            throw new InputFileException(path,
                $"its JSON spreads over many lines and {ex.Message}: write its values one a line (jq -c; a CloudWatch Logs answer's events with jq -c '.events[]'), and any length is read");
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // A gzip file that breaks off (corrupt, truncated) or a failing disk: say how far the file was read.
            throw InputFileException.StoppedAt(path, values.LinesRead, ex);
        }
    }
}
