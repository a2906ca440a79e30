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
    /// One message per key of <paramref name="section"/> that is neither a property of <paramref name="options"/> the
    /// binder fills (see <see cref="IsBound"/>) nor one of <paramref name="alsoKnown"/> (letter case ignored, as the
    /// binder does). Only the section's direct children are looked at: what is under a known key is that setting's value.
    /// </summary>
    /// <param name="what">What a key of the section is called in the message, with its article, e.g. "a generator setting".</param>
    public static IReadOnlyList<string> Unknown(IConfiguration configuration, string section, Type options, string what, params string[] alsoKnown)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        var known = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(IsBound)
            .Select(static p => p.Name)
            .Concat(alsoKnown)
            .ToArray();
        return [.. configuration.GetSection(section).GetChildren()
            .Where(setting => !known.Contains(setting.Key, StringComparer.OrdinalIgnoreCase))
            .Select(setting => $"{setting.Path} is not {what}; known: {string.Join(", ", known)}.")];
    }

    /// <summary>
    /// Whether the binder gives the property a value, as <c>ConfigurationBinder</c> decides: through a public setter, or,
    /// for a property with a getter only, by filling the list, dictionary or object it already holds
    /// (<c>Detector:Models</c>). A getter-only number, string, time span or array cannot take a value, so a key naming
    /// one (<c>RootCause:IncidentGap</c>, computed from <c>IncidentGapSeconds</c>) would be ignored like a misspelling.
    /// </summary>
    private static bool IsBound(PropertyInfo property)
    {
        if (property.GetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0)
        {
            return false;
        }

        var type = property.PropertyType;
        return property.SetMethod is { IsPublic: true }
            || (!type.IsValueType && type != typeof(string) && !type.IsArray);
    }
}
