using System.Text.Json;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A series' or stream's labels as Prometheus' and Loki's query API answer them (<c>{"container": "cart", ...}</c>), and
/// the first of several that a series names, most telling first.
/// </summary>
internal sealed class QueryLabels
{
    private readonly Dictionary<string, string> _labels = new(StringComparer.Ordinal);

    /// <summary>The text labels of <paramref name="owner"/>'s <paramref name="property"/> (<c>metric</c>, <c>stream</c>); none when it has none.</summary>
    public QueryLabels(JsonElement owner, string property)
    {
        if (owner.TryGetMember(property, out var labels) && labels.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in labels.EnumerateObject())
            {
                if (label.Value.ValueKind == JsonValueKind.String)
                {
                    _labels[label.Name] = label.Value.GetString()!;
                }
            }
        }
    }

    public IEnumerable<KeyValuePair<string, string>> All => _labels;

    public string? this[string key] => _labels.GetValueOrDefault(key);

    /// <summary>The value of the first of <paramref name="keys"/> the series names with something other than white space.</summary>
    public string? First(string[] keys)
    {
        foreach (var key in keys)
        {
            if (_labels.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value;
            }
        }

        return null;
    }
}
