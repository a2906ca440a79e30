using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.ServiceDefaults.Output;

/// <summary>Where a run writes its files (<c>synthetic_data.csv</c>, <c>anomalies.json</c>, ...). Bound from the <c>Output</c> section.</summary>
public sealed class OutputOptions
{
    public const string SectionName = "Output";

    /// <summary>The output folder, created when missing; relative paths are relative to the working directory.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Output:Directory must name a folder.")]
    public string Directory { get; set; } = "outputs";
}
