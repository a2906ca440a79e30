using System.Security.Cryptography;
using System.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// A metric's series name with the labels that tell its series apart (<c>http.server.duration{route=/cart}</c>), as an
/// OTLP point's attributes or a Prometheus series' labels give them, in key order so that one series has one name.
/// </summary>
internal static class SeriesNames
{
    private const int MaxLength = 200;

    public static string Of(string name, IEnumerable<(string Key, string? Value)> labels)
    {
        var pairs = labels.Select(static label => $"{label.Key}={label.Value}").Order(StringComparer.Ordinal).ToList();
        var series = pairs.Count == 0 ? name : $"{name}{{{string.Join(',', pairs)}}}";
        // Cut, but kept apart: two long names that differ only at the end (url.scheme) must stay two series.
        return series.Length <= MaxLength
            ? series
            : $"{series[..(MaxLength - 18)]}…#{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(series)))[..16]}";
    }
}
