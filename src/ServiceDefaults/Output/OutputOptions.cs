using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.ServiceDefaults.Output;

/// <summary>Where a run writes its files (<c>synthetic_data.csv</c>, <c>anomalies.json</c>, ...). Bound from the <c>Output</c> section.</summary>
public sealed class OutputOptions
{
    public const string SectionName = "Output";

    /// <summary>The output folder, created when missing; relative paths are relative to the working directory.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Output:Directory must name a folder.")]
    public string Directory { get; set; } = "outputs";

    /// <summary>
    /// Whether each run gets a folder of its own under <see cref="Directory"/>, named by its run id: on in the
    /// long-running services, which serve many runs; off in the command-line run, whose folder is the run's.
    /// </summary>
    public bool FolderPerRun { get; set; }
}
