using System.Globalization;
using System.Reflection;

namespace AnomalyPlatform.Generator;

/// <summary>
/// Binds a topology section (or a topology file's root) onto <see cref="TopologyOptions"/>, recording instead of throwing
/// what cannot be bound: a misspelt key (<c>Instance</c> for <c>Instances</c>) would otherwise silently fall back to a
/// default, a value of the wrong type or shape (a word for a number, a null, one value for a list) would be dropped or
/// ignored by the binder. The validator reports the recorded problems.
/// </summary>
internal static class TopologyBinding
{
    /// <param name="label">How settings are named in messages: <c>Generator:Topology:</c>, or the file's name.</param>
    public static void Bind(IConfiguration root, TopologyOptions target, string label)
    {
        var rootPath = root is IConfigurationSection section ? section.Path + ":" : "";
        // A key with an empty value (an unset override such as Generator:Topology:File=) leaves the default estate in place.
        target.SectionPresent |= root.GetChildren().Any(c => !string.IsNullOrEmpty(c.Value) || c.GetChildren().Any());
        if (root is IConfigurationSection { Value: { Length: > 0 } single } whole)
        {
            // Generator__Topology=estate.json reads as the section's own value, which the binder ignores: the default
            // estate would run in place of the one the user named.
            target.SectionPresent = true;
            target.HasUnboundValues = true;
            target.BindingErrors.Add($"{whole.Path} must hold the topology's settings, not a single value (found '{single}'); " +
                $"to read a topology file, set {whole.Path}:File.");
        }

        var errors = new TopologyBindingErrors(target, rootPath, label);
        CheckKeys(root, typeof(TopologyOptions), errors);
        try
        {
            root.Bind(target);
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the full key of the bad value; relative keys of a file get the file's label.
            target.BindingErrors.Add(rootPath.Length == 0 ? label + ex.Message : ex.Message);
            target.HasUnboundValues = true;
        }
    }

    private static void CheckKeys(IConfiguration node, Type type, TopologyBindingErrors errors)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in node.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                errors.Unknown(child, $"is not a topology setting; known here: {string.Join(", ", properties.Keys)}.");
            }
            else if (property.PropertyType.IsGenericType)
            {
                CheckList(child, property.PropertyType.GetGenericArguments()[0], errors);
            }
            else
            {
                CheckValue(child, property.PropertyType, errors);
            }
        }
    }

    // The binder ignores a single value where a list belongs ("Operations": "GET /" left the default operation, and a
    // call's "Routes": "buy" made the call on every route) and drops a list element it cannot bind as a whole.
    private static void CheckList(IConfigurationSection list, Type element, TopologyBindingErrors errors)
    {
        var example = element == typeof(string) ? "[ \"...\" ]" : "[ { ... } ]";
        if (!string.IsNullOrEmpty(list.Value))
        {
            errors.Unbound(list, $"must be a list such as {example}, not a single value (found '{list.Value}').");
            return;
        }

        foreach (var item in list.GetChildren())
        {
            if (!int.TryParse(item.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                errors.Unbound(list, $"must be a list such as {example}, not an object (found the key '{item.Key}').");
                return;
            }

            if (element == typeof(string))
            {
                CheckValue(item, element, errors);
            }
            else if (!string.IsNullOrEmpty(item.Value))
            {
                errors.Unbound(item, $"must be an object such as {{ \"Name\": ... }}, not a single value (found '{item.Value}').");
            }
            else
            {
                CheckKeys(item, element, errors);
            }
        }
    }

    private static void CheckValue(IConfigurationSection setting, Type type, TopologyBindingErrors errors)
    {
        var kind = type == typeof(int) ? "a whole number" : type == typeof(double) ? "a number" : "text";
        // Text binds as written; an empty or null name is for the checks to report ("Name is required").
        if (setting.GetChildren().Any())
        {
            errors.Unbound(setting, $"must be {kind}, not a list or an object.");
        }
        else if (type != typeof(string) && string.IsNullOrEmpty(setting.Value))
        {
            // A JSON null binds as 0, not as the default: a call's "Probability": null would never be made.
            errors.Unbound(setting, $"has no value; give {kind} or leave the key out for its default.");
        }
        else if (type == typeof(int) && !int.TryParse(setting.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
        {
            var whole = double.TryParse(setting.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == Math.Floor(number);
            errors.Unbound(setting, !whole ? $"must be a whole number (found '{setting.Value}')."
                : number is >= int.MinValue and <= int.MaxValue ? $"must be written as a whole number, without a decimal point or exponent (found '{setting.Value}')."
                : $"must be a whole number from {int.MinValue} to {int.MaxValue} (found '{setting.Value}').");
        }
        else if (type == typeof(double) && !double.TryParse(setting.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            errors.Unbound(setting, $"must be a number (found '{setting.Value}').");
        }
    }
}
