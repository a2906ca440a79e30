using System.Text.Json.Serialization;

namespace AnomalyPlatform.Generator.Runs;

/// <summary>
/// The body of <c>POST /runs</c>: what to generate. Every field is optional and defaults to the service's
/// configuration (the command-line run's defaults); unknown fields are refused, so that a misspelt one is not ignored.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RunRequest(
    long? Records = null,
    int? Seed = null,
    double? ErrorRate = null,
    double? AnomalyRate = null,
    int? SegmentRecords = null,
    string? RunId = null);

/// <summary>The answer to an accepted <c>POST /runs</c>.</summary>
/// <param name="Status">
/// The absolute URL where the root-cause service serves the run's progress and results; null (left out) when the
/// generator is not told RootCause's address (<see cref="RunStatusOptions"/>).
/// </param>
/// <param name="Warning">
/// What the command-line run prints for the same settings when the records are too few for the estate to show a fault
/// (<see cref="RunCoverageWarning"/>): the run goes ahead; null (left out) when there is nothing to say.
/// </param>
public sealed record RunAccepted(string RunId, long Records, int Seed, int Segments, string? Status, string? Warning = null);

/// <summary>Source-generated JSON of the run API, in the snake_case every file and message of the platform uses.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunRequest))]
[JsonSerializable(typeof(RunAccepted))]
public sealed partial class RunApiJsonContext : JsonSerializerContext;
