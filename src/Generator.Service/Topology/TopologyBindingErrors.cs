namespace AnomalyPlatform.Generator;

/// <summary>
/// Where <see cref="TopologyBinding"/> records the problems of one section or file, each under the setting's name as the
/// user wrote it (<c>Generator:Topology:Services:2:Instances</c>, or the file's label and the key inside it).
/// </summary>
internal sealed class TopologyBindingErrors(TopologyOptions target, string rootPath, string label)
{
    /// <summary>A key the options do not have; the rest binds as written.</summary>
    public void Unknown(IConfigurationSection setting, string problem) => target.BindingErrors.Add($"{Name(setting)} {problem}");

    /// <summary>A value the binder would drop or ignore, so the bound options no longer say what the user wrote.</summary>
    public void Unbound(IConfigurationSection setting, string problem)
    {
        target.BindingErrors.Add($"{Name(setting)} {problem}");
        target.HasUnboundValues = true;
    }

    private string Name(IConfigurationSection setting) =>
        label + (rootPath.Length > 0 && setting.Path.StartsWith(rootPath, StringComparison.OrdinalIgnoreCase) ? setting.Path[rootPath.Length..] : setting.Path);
}
