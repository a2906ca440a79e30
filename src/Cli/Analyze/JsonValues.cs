using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AnomalyPlatform.ServiceDefaults.Configuration;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The JSON values of a text that spreads them over many lines (a pretty-printed export request, as <c>jq .</c> or an
/// HTTP client saves one, several of them one after another, or an array of them), each with the line it starts on.
/// Such a text has no line a value can be cut at, so it is read whole before its first value is parsed; each value's
/// document is parsed, handed over and let go in turn. JSON lines are read a line at a time instead
/// (<see cref="OtlpJsonReader"/>).
/// </summary>
internal static class JsonValues
{
    /// <summary>A multi-line text this long is not read whole: one request a line (JSON lines) is read in any length.</summary>
    private const long MaxBytes = 1L << 30;

    private static readonly JsonReaderOptions Options = new() { AllowMultipleValues = true, MaxDepth = 1024 };

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

    /// <summary>
    /// Hands each top-level value of <paramref name="stream"/> to <paramref name="read"/> with the line it starts on.
    /// Text that stops being JSON ends the reading there: where the next value would begin cannot be told, so what follows
    /// is rejected, not guessed at.
    /// </summary>
    public static void Read(string path, Stream stream, InputRejects rejects, Action<long, JsonElement> read, CancellationToken cancellationToken)
    {
        var text = Whole(path, stream);
        var reader = new Utf8JsonReader(text, Options);
        long line = 1;
        var counted = 0;
        try
        {
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = (int)reader.TokenStartIndex;
                line += text.AsSpan(counted, start - counted).Count((byte)'\n');
                counted = start;
                using var document = JsonDocument.ParseValue(ref reader);
                read(line, document.RootElement);
            }
        }
        catch (JsonException ex)
        {
            rejects.AddUncounted(path, (ex.LineNumber ?? 0) + 1, "text",
                $"is not JSON from here on ({UntrustedText.Cut(JsonFileLoadError.Reason(ex))}): what it held cannot be told, so the rest of the file is left out");
        }
    }

    /// <summary>The stream's bytes, a byte-order mark left out and bytes that are not UTF-8 read as U+FFFD, as a text reader reads them.</summary>
    private static byte[] Whole(string path, Stream stream)
    {
        using var memory = new MemoryStream();
        var buffer = new byte[1 << 16];
        try
        {
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                if (memory.Length + read > MaxBytes)
                {
                    throw new InputFileException(path,
                        $"its JSON spreads over many lines and passes {MaxBytes >> 30} GiB, too much to read whole: write one export request a line (jq -c), as the Collector's file exporter does, and any length is read");
                }

                memory.Write(buffer, 0, read);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw InputFileException.StoppedAt(path, memory.ToArray().AsSpan().Count((byte)'\n'), ex);
        }

        var text = memory.GetBuffer().AsSpan(0, (int)memory.Length);
        text = text.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? text[3..] : text;
        return Utf8.IsValid(text) ? text.ToArray() : Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(text));
    }
}
