using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.ServiceDefaults.Output;

namespace AnomalyPlatform.RootCause.Output;

/// <summary>
/// Streams <c>anomalies.json</c>: one entry per anomaly in record-id order, then one per incident. Each anomaly carries
/// its incident's id, root-cause text and ranked candidates in compact form (rank, service, fault kind, confidence);
/// the candidates' evidence is written once per incident. Each anomaly is one line (compact JSON inside the indented
/// file), which keeps the file greppable and a third of the size of indenting every field. Entries are serialised one
/// at a time into a <see cref="Utf8JsonWriter"/> that is flushed as it fills, so 50,000+ anomalies never become one big
/// string. The file is written next to its final name and moved into place, so a reader never sees half a file.
/// </summary>
public sealed class AnomaliesJsonWriter
{
    public const string FileName = "anomalies.json";
    /// <summary>2: per-anomaly candidates are compact (no evidence), anomalies are one line each, incidents carry <c>incident_id</c>.</summary>
    public const int SchemaVersion = 2;

    private const int FlushThreshold = 64 * 1024;

    private static ReadOnlySpan<byte> LineStart => "\n    "u8;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        // A fixed newline and a relaxed encoder keep the bytes identical on every OS and the text readable ("->").
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly JsonWriterOptions LineOptions = new()
    {
        Indented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the file into <paramref name="directory"/> and returns its full path.</summary>
    /// <param name="anomalies">Every anomaly of the run; written in record-id order whatever order they come in.</param>
    /// <param name="incidents">The incidents; every anomaly's record id must be in exactly one of them.</param>
    public async Task<string> WriteAsync(
        string directory,
        string runId,
        IReadOnlyList<Detection> anomalies,
        IReadOnlyList<IncidentReport> incidents,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(anomalies);
        ArgumentNullException.ThrowIfNull(incidents);
        Directory.CreateDirectory(directory);
        var path = Path.GetFullPath(Path.Combine(directory, FileName));

        var incidentOfRecord = new Dictionary<long, IncidentReport>(anomalies.Count);
        foreach (var incident in incidents)
        {
            foreach (var recordId in incident.AnomalyRecordIds)
            {
                incidentOfRecord[recordId] = incident;
            }
        }

        var ordered = new Detection[anomalies.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = anomalies[i];
        }

        Array.Sort(ordered, static (a, b) => a.RecordId.CompareTo(b.RecordId));

        await AtomicFile.WriteAsync(path, async (stream, token) =>
        {
            var writer = new Utf8JsonWriter(stream, WriterOptions);
            await using (writer.ConfigureAwait(false))
            {
                writer.WriteStartObject();
                writer.WriteString("run_id", runId);
                writer.WriteNumber("schema_version", SchemaVersion);
                writer.WriteNumber("anomaly_count", ordered.Length);
                writer.WriteNumber("incident_count", incidents.Count);

                var line = new ArrayBufferWriter<byte>(1024);
                using var lineWriter = new Utf8JsonWriter(line, LineOptions);
                var compactCandidates = new Dictionary<IncidentReport, CandidateSummary[]>(incidents.Count);
                writer.WriteStartArray("anomalies");
                for (var i = 0; i < ordered.Length; i++)
                {
                    var anomaly = ordered[i];
                    if (!incidentOfRecord.TryGetValue(anomaly.RecordId, out var incident))
                    {
                        throw new InvalidOperationException($"Anomaly of record {anomaly.RecordId} belongs to no incident.");
                    }

                    if (!compactCandidates.TryGetValue(incident, out var candidates))
                    {
                        candidates = Compact(incident.Candidates);
                        compactCandidates[incident] = candidates;
                    }

                    // The writer indents tokens but not raw values, so each line brings its own newline and indent
                    // (whitespace before a value is valid JSON).
                    line.ResetWrittenCount();
                    line.Write(LineStart);
                    lineWriter.Reset();
                    JsonSerializer.Serialize(lineWriter, ToEntry(i + 1, anomaly, incident, candidates), RootCauseJsonContext.Default.AnomalyEntry);
                    lineWriter.Flush();
                    writer.WriteRawValue(line.WrittenSpan, skipInputValidation: true);
                    if (writer.BytesPending > FlushThreshold)
                    {
                        await writer.FlushAsync(token).ConfigureAwait(false);
                    }
                }

                writer.WriteEndArray();

                writer.WriteStartArray("incidents");
                foreach (var incident in incidents)
                {
                    JsonSerializer.Serialize(writer, ToEntry(incident), RootCauseJsonContext.Default.IncidentEntry);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
                await writer.FlushAsync(token).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);

        return path;
    }

    /// <summary>The id of the <paramref name="number"/>-th anomaly (1-based, in record-id order).</summary>
    public static string FormatAnomalyId(int number) => "ANOM-" + number.ToString("D6", CultureInfo.InvariantCulture);

    private static CandidateSummary[] Compact(IReadOnlyList<RootCauseCandidate> candidates)
    {
        var compact = new CandidateSummary[candidates.Count];
        for (var i = 0; i < compact.Length; i++)
        {
            var candidate = candidates[i];
            compact[i] = new CandidateSummary(candidate.Rank, candidate.Service, candidate.FaultKind, candidate.Confidence);
        }

        return compact;
    }

    private static AnomalyEntry ToEntry(int number, Detection anomaly, IncidentReport incident, CandidateSummary[] candidates)
    {
        var scores = new SortedDictionary<string, double>(StringComparer.Ordinal);
        foreach (var score in anomaly.Scores)
        {
            scores[score.Model] = score.Score;
        }

        return new AnomalyEntry(
            FormatAnomalyId(number),
            anomaly.RecordId,
            anomaly.Timestamp,
            anomaly.Service,
            anomaly.Instance,
            anomaly.Kind,
            anomaly.Name,
            anomaly.DetectedType,
            Math.Clamp(anomaly.Confidence, 0, 1),
            scores,
            anomaly.Reasons,
            incident.IncidentId,
            incident.RootCauseText,
            incident.ExplanationSource,
            candidates);
    }

    private static IncidentEntry ToEntry(IncidentReport incident) => new(
        incident.IncidentId,
        incident.Start,
        incident.End,
        incident.Services,
        incident.AnomalyRecordIds.Count,
        incident.Candidates,
        incident.RootCauseText,
        incident.ExplanationSource,
        incident.ExplanationModel,
        incident.Isolated,
        incident.TrafficChange);
}
