namespace AnomalyPlatform.Cli.Embedded;

/// <summary>The run stopped before it completed; the message says why and what was lost.</summary>
internal sealed class PipelineFailedException(string message) : Exception(message);
