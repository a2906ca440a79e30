namespace AnomalyPlatform.ServiceDefaults.Progress;

/// <summary>The stage names reported through <see cref="IStageProgress"/> and written to <c>performance.json</c>.</summary>
public static class PipelineStages
{
    public const string Generate = "generate";
    public const string Detect = "detect";
    public const string RootCause = "root_cause";
    public const string Evaluate = "evaluate";
}
