using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace AnomalyPlatform.Generator.Runs;

/// <summary>
/// Reads the body of <c>POST /runs</c> into a <see cref="RunRequest"/>, or into errors keyed by the request's own
/// fields that say what each field takes: the serializer's own messages name .NET types
/// (<c>AnomalyPlatform.Generator.Runs.RunRequest</c>, <c>System.Nullable`1[System.Int64]</c>), which a client cannot act on.
/// </summary>
internal static class RunRequestReader
{
    /// <summary>What a field of each type takes, in the request's terms, and whether a JSON value is one.</summary>
    private sealed record FieldKind(string Expected, Func<JsonElement, bool> Accepts);

    private static readonly Dictionary<Type, FieldKind> Kinds = new()
    {
        [typeof(long)] = new("a whole number", value => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _)),
        [typeof(int)] = new("a whole number from -2147483648 to 2147483647", value => value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out _)),
        [typeof(double)] = new("a number", value => value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out _)),
        [typeof(string)] = new("a string", value => value.ValueKind == JsonValueKind.String),
    };

    /// <summary>The request's fields by their JSON names (<c>records</c>, <c>error_rate</c>, ...), from the serializer's own contract.</summary>
    private static readonly Dictionary<string, FieldKind> Fields = RunApiJsonContext.Default.RunRequest.Properties.ToDictionary(
        property => property.Name, KindOf, StringComparer.Ordinal);

    private static readonly string FieldList = string.Join(", ", Fields.Keys);

    public static async Task<(RunRequest? Request, Dictionary<string, string[]>? Errors)> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return Failed("body", $"The body is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failed("body", $"The body must be a JSON object of a run's fields ({FieldList}), not {Describe(root)}.");
            }

            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var property in root.EnumerateObject())
            {
                if (!Fields.TryGetValue(property.Name, out var kind))
                {
                    errors[property.Name] = [$"{property.Name} is not a field of a run; the fields are {FieldList}."];
                }
                else if (property.Value.ValueKind != JsonValueKind.Null && !kind.Accepts(property.Value))
                {
                    errors[property.Name] = [$"{property.Name} must be {kind.Expected}, not {Describe(property.Value)}."];
                }
            }

            // Every field is known and of its kind, so the serializer has nothing left to refuse.
            return errors.Count > 0 ? (null, errors) : (root.Deserialize(RunApiJsonContext.Default.RunRequest) ?? new RunRequest(), null);
        }
    }

    private static (RunRequest?, Dictionary<string, string[]>?) Failed(string field, string message) =>
        (null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] });

    private static FieldKind KindOf(JsonPropertyInfo property)
    {
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        return Kinds.TryGetValue(type, out var kind)
            ? kind
            : throw new InvalidOperationException($"The run request's field {property.Name} has a type ({type.Name}) whose values are not described.");
    }

    /// <summary>A JSON value as a client would name it: <c>the string "abc"</c>, <c>the number 1.5</c>, <c>an array</c>.</summary>
    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the string " + JsonSerializer.Serialize(Shortened(value.GetString() ?? "")),
        JsonValueKind.Number => "the number " + Shortened(value.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => value.ValueKind.ToString().ToLower(CultureInfo.InvariantCulture),
    };

    private static string Shortened(string text) => text.Length <= 40 ? text : text[..40] + "...";
}
