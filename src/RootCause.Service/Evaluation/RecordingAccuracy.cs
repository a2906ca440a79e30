using System.Text.Json.Serialization;
using AnomalyPlatform.RootCause.Ranking;

namespace AnomalyPlatform.RootCause.Evaluation;

/// <summary>
/// Root-cause accuracy and pages over one recording of an input that holds several (days an hour or more apart,
/// <see cref="Recordings"/>): which day the ranking does well on, which day pages for nothing.
/// </summary>
/// <param name="First">The recording's first record.</param>
/// <param name="Last">Its last record.</param>
/// <param name="Incidents">Known incidents that start in it.</param>
/// <param name="Detected">Of them, those a raised incident holds.</param>
/// <param name="Paged">Raised incidents to page about that start in it.</param>
/// <param name="PagedFalseAlarms">Of those, the ones with no anomaly inside any known incident's window.</param>
public sealed record RecordingAccuracy(
    DateTime First,
    DateTime Last,
    int Incidents,
    int Detected,
    [property: JsonPropertyName("ac_at_1")] double? AcAt1,
    [property: JsonPropertyName("ac_at_3")] double? AcAt3,
    int Paged,
    int PagedFalseAlarms);
