using System.Text;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A Prometheus histogram or summary, read as OTLP's are: as its count and mean per interval. Scraped, it is a
/// cumulative series per bucket (<c>X_bucket{le="0.25"}</c>), its sum (<c>X_sum</c>) and its count (<c>X_count</c>);
/// once read as increases (<see cref="CounterSeries"/>) each bucket's is a rate of requests no faster than its bound,
/// a dozen series that rise and fall with the traffic, and the sum's rises with the traffic too. Where a family (a
/// name and its labels but <c>le</c>, per instance) has a count, its sum's readings become the mean of the interval
/// (<c>X_mean</c>: the sum's increase over the count's, none where nothing was counted) and its buckets are left out;
/// the count is kept as it is. A summary's quantiles are gauges and are read as they are.
/// </summary>
internal static class HistogramSeries
{
    /// <param name="Families">Histograms and summaries read as their count and mean.</param>
    /// <param name="Buckets">Bucket series left out.</param>
    /// <param name="Example">A mean series' name, to show what they are called.</param>
    public sealed record Outcome(int Families, int Buckets, string? Example)
    {
        public static Outcome None { get; } = new(0, 0, null);
    }

    private enum Part
    {
        None,
        Bucket,
        Sum,
        Count,
    }

    /// <summary>The records (in time order, counters as increases) with each family's sum read as its mean and its buckets left out.</summary>
    public static (List<TelemetryRecord> Records, Outcome Outcome) Fold(List<TelemetryRecord> records)
    {
        // The count of each family at each time it was read.
        var counts = new Dictionary<(string Service, string Instance, string Family, long Ticks), double>();
        var counted = new HashSet<(string Service, string Instance, string Family)>();
        var parts = new Dictionary<string, (Part Part, string Family, string Mean)>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            if (record.Kind == TelemetryKind.Metric && PartOf(record.Name, parts) is { Part: Part.Count } part)
            {
                counts[(record.Service, record.Instance, part.Family, record.Timestamp.Ticks)] = record.Value;
                counted.Add((record.Service, record.Instance, part.Family));
            }
        }

        if (counted.Count == 0)
        {
            return (records, Outcome.None);
        }

        var folded = new List<TelemetryRecord>(records.Count);
        var families = new HashSet<(string, string, string)>();
        var buckets = new HashSet<(string, string, string)>();
        string? example = null;
        foreach (var record in records)
        {
            if (record.Kind != TelemetryKind.Metric || PartOf(record.Name, parts) is not { Part: Part.Bucket or Part.Sum } part
                || !counted.Contains((record.Service, record.Instance, part.Family)))
            {
                folded.Add(record);
                continue;
            }

            if (part.Part == Part.Bucket)
            {
                buckets.Add((record.Service, record.Instance, record.Name));
                continue;
            }

            families.Add((record.Service, record.Instance, part.Family));
            example ??= part.Mean;
            if (counts.TryGetValue((record.Service, record.Instance, part.Family, record.Timestamp.Ticks), out var count) && count > 0)
            {
                folded.Add(record with { Name = part.Mean, Value = record.Value / count });
            }
        }

        return (folded, new Outcome(families.Count, buckets.Count, example));
    }

    /// <summary>Which part of a histogram or summary a series is, its family (its name less the part's suffix, with its labels but <c>le</c>, in order) and its mean's name.</summary>
    private static (Part Part, string Family, string Mean) PartOf(string name, Dictionary<string, (Part, string, string)> parts)
    {
        if (parts.TryGetValue(name, out var known))
        {
            return known;
        }

        var brace = name.IndexOf('{', StringComparison.Ordinal);
        var (metric, labels) = brace < 0 ? (name, "") : (name[..brace], name[(brace + 1)..].TrimEnd('}'));
        var part = metric.EndsWith("_bucket", StringComparison.Ordinal) ? Part.Bucket
            : metric.EndsWith("_sum", StringComparison.Ordinal) ? Part.Sum
            : metric.EndsWith("_count", StringComparison.Ordinal) ? Part.Count
            : Part.None;
        var stem = part switch
        {
            Part.Bucket => metric[..^"_bucket".Length],
            Part.Sum => metric[..^"_sum".Length],
            Part.Count => metric[..^"_count".Length],
            _ => metric,
        };
        var pairs = Labels(labels);
        // A bucket is told by its bound; a series so named without one is none.
        if (part == Part.Bucket && pairs.RemoveAll(static pair => pair.StartsWith("le=", StringComparison.Ordinal)) == 0)
        {
            part = Part.None;
        }

        pairs.Sort(StringComparer.Ordinal);
        var result = (part, $"{stem}{{{string.Join(',', pairs)}}}", brace < 0 ? $"{stem}_mean" : $"{stem}_mean{name[brace..]}");
        parts[name] = result;
        return result;
    }

    /// <summary>A series' labels, <c>key=value</c> each, split at the commas outside quotes.</summary>
    private static List<string> Labels(string labels)
    {
        var pairs = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in labels)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (c == ',' && !quoted)
            {
                pairs.Add(current.ToString().Trim());
                current.Clear();
                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            pairs.Add(current.ToString().Trim());
        }

        return pairs;
    }
}
