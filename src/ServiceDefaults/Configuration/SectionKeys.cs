using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace AnomalyPlatform.ServiceDefaults.Configuration;

/// <summary>
/// The keys of a configuration section that bind to nothing. The binder ignores them, so a misspelling
/// (<c>Generator__Recrods</c>, <c>Llm__Provder</c>) would quietly run the default in place of what the user set.
/// </summary>
public static class SectionKeys
{
    /// <summary>
    /// One message per key of <paramref name="section"/> that is neither a writable property of
    /// <paramref name="options"/> nor one of <paramref name="alsoKnown"/> (letter case ignored, as the binder does).
    /// </summary>
    /// <param name="what">What a key of the section is called in the message, with its article, e.g. "a generator setting".</param>
    public static IReadOnlyList<string> Unknown(IConfiguration configuration, string section, Type options, string what, params string[] alsoKnown)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var known = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(static p => p.CanWrite)
            .Select(static p => p.Name)
            .Concat(alsoKnown)
            .ToArray();
        return [.. configuration.GetSection(section).GetChildren()
            .Where(setting => !known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
            .Select(setting => $"{setting.Path} is not {what}; known: {string.Join(", ", known)}.")];
    }
}
