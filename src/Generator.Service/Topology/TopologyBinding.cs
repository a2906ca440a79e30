using System.Globalization;
using System.Reflection;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Binds a topology section (or a topology file's root) onto <see cref="TopologyOptions"/>, recording instead of throwing
/// what cannot be bound: a misspelt key (<c>Instance</c> for <c>Instances</c>) would otherwise silently fall back to a
/// default, and a value of the wrong type would fail far from its setting. The validator reports the recorded problems.
/// </summary>
internal static class TopologyBinding
{
    /// <param name="label">How settings are named in messages: <c>Generator:Topology:</c>, or the file's name.</param>
    public static void Bind(IConfiguration root, TopologyOptions target, string label)
    {
        var rootPath = root is IConfigurationSection section ? section.Path + ":" : "";
        // A key with an empty value (an unset override such as Generator:Topology:File=) leaves the default estate in place.
        target.SectionPresent |= root.GetChildren().Any(c => !string.IsNullOrEmpty(c.Value) || c.GetChildren().Any());
        ReportUnknownKeys(root, typeof(TopologyOptions), rootPath, label, target.BindingErrors);
        try
        {
            root.Bind(target);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the full key of the bad value; relative keys of a file get the file's label.
            target.BindingErrors.Add(rootPath.Length == 0 ? label + ex.Message : ex.Message);
        }
    }

    private static void ReportUnknownKeys(IConfiguration node, Type type, string rootPath, string label, List<string> errors)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in node.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                errors.Add($"{label}{Relative(child.Path, rootPath)} is not a topology setting; known here: {string.Join(", ", properties.Keys)}.");
                continue;
            }

            // The binder silently drops a list element that fails to convert, so a bad number would lose its whole service.
            if (child.Value is { } text && !Converts(text, property.PropertyType))
            {
                errors.Add($"{label}{Relative(child.Path, rootPath)} must be a number (found '{text}').");
                continue;
            }

            var element = property.PropertyType.IsGenericType ? property.PropertyType.GetGenericArguments()[0] : null;
            if (element is not null && element != typeof(string))
            {
                foreach (var item in child.GetChildren())
                {
                    ReportUnknownKeys(item, element, rootPath, label, errors);
                }
            }
        }
    }

    private static bool Converts(string text, Type type) =>
        type == typeof(int) ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : type == typeof(double) ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        : true;

    private static string Relative(string path, string rootPath) =>
        rootPath.Length > 0 && path.StartsWith(rootPath, StringComparison.OrdinalIgnoreCase) ? path[rootPath.Length..] : path;
}
