using System.Text.Json;
using AnomalyPlatform.Contracts.Json;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.ServiceDefaults.Text;

namespace AnomalyPlatform.Cli.Analyze;

/// <summary>
/// The known incidents of <c>analyze --incidents</c> (the <c>incidents.json</c> format), checked before any work: an
/// incident without an id, a root-cause service, a start or an end, or one that ends before it starts, cannot be scored
/// (it would count as missed, AC@1 0.000, and say nothing of why); the file is refused naming the incident.
/// </summary>
internal static class KnownIncidentsFile
{
    public static async Task<IReadOnlyList<GroundTruthIncident>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        List<GroundTruthIncident>? incidents;
        if (Directory.Exists(path))
        {
            throw new InputFileException(path, "is a folder, not an incidents.json file");
        }

        try
        {
            await using var stream = File.OpenRead(path);
            incidents = await JsonSerializer.DeserializeAsync(stream, ContractsJsonContext.Default.ListGroundTruthIncident, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputFileException(path, ex is FileNotFoundException or DirectoryNotFoundException ? "no such file" : ex.Message);
        }
        catch (JsonException ex)
        {
            throw new InputFileException(path,
                $"not a list of incidents in the incidents.json format (line {(ex.LineNumber ?? 0) + 1}, {ex.Path}): {Explain(ex)}");
        }

        if (incidents is null)
        {
            throw new InputFileException(path, "holds no incident list");
        }

        var checkedIncidents = new List<GroundTruthIncident>(incidents.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < incidents.Count; i++)
        {
            // The deserializer leaves what a file lacks null or zero, whatever the contract's annotations say.
            GroundTruthIncident? incident = incidents[i];
            var name = string.IsNullOrWhiteSpace(incident?.IncidentId) ? $"incident {i + 1} of the list" : $"incident '{UntrustedText.Cut(incident.IncidentId)}'";
            var problem = incident switch
            {
                null => "is null",
                { IncidentId: null or "" } => "has no incident_id",
                { RootCauseService: null or "" } => "has no root_cause_service",
                { Start.Ticks: 0 } => "has no start",
                { End.Ticks: 0 } => "has no end",
                _ when incident.End < incident.Start => $"ends ({InputReport.Time(incident.End)}) before it starts ({InputReport.Time(incident.Start)})",
                _ when !ids.Add(incident.IncidentId) => "has the incident_id of an earlier one",
                _ => null,
            };
            if (problem is not null)
            {
                throw new InputFileException(path, $"{name} {problem}: every incident needs incident_id, root_cause_service, start and end, with end not before start");
            }

            checkedIncidents.Add(incident! with
            {
                RootCauseInstance = incident.RootCauseInstance ?? "",
                FaultType = incident.FaultType ?? "unknown",
                AffectedServices = incident.AffectedServices ?? [incident.RootCauseService!],
            });
        }

        return checkedIncidents;
    }

    /// <summary>
    /// What the JSON reader found wrong, in the file's terms: which field needs what (its own message names .NET types),
    /// or, for JSON that does not parse, its first sentence.
    /// </summary>
    private static string Explain(JsonException ex)
    {
        var path = ex.Path ?? "$";
        var field = path[(path.LastIndexOf('.') + 1)..];
        if (field.IndexOf('[', StringComparison.Ordinal) is var bracket and > 0)
        {
            field = field[..bracket];
        }

        var expected = field switch
        {
            "start" or "end" => "an ISO 8601 time in quotes, such as \"2026-01-05T00:01:00Z\"",
            "incident_id" or "root_cause_service" or "root_cause_instance" or "fault_type" => "text in quotes",
            "affected_services" => "a list of service names, such as [\"cart\", \"checkout\"]",
            _ when path == "$" => "a list of incidents: [ { \"incident_id\": ..., \"root_cause_service\": ..., \"start\": ..., \"end\": ... } ]",
            _ when path.StartsWith("$[", StringComparison.Ordinal) && !path.Contains('.', StringComparison.Ordinal) => "an object { \"incident_id\": ..., ... }",
            _ => null,
        };
        if (expected is not null && ex.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return path == "$" ? $"the file must hold {expected}" : $"{(field.StartsWith('$') ? "each incident" : field)} must be {expected}";
        }

        var message = ex.Message;
        if (message.StartsWith("Expected depth to be zero", StringComparison.Ordinal))
        {
            return "the JSON ends before every bracket it opened is closed";
        }

        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return UntrustedText.Cut(cut > 0 ? message[..cut] : message);
    }

    /// <summary>
    /// The root-cause services the incidents name that no record of the input has: an incident blaming a service the
    /// data never mentions (a name spelled another way, in another letter case) can only count as missed. Each with
    /// the input's service of the same name in another letter case, or one that holds the name or that the name holds.
    /// </summary>
    public static IEnumerable<string> UnknownServices(IReadOnlyList<GroundTruthIncident> incidents, IReadOnlySet<string> services)
    {
        foreach (var name in incidents.Select(static i => i.RootCauseService).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (services.Contains(name))
            {
                continue;
            }

            var like = services.Where(s => string.Equals(s, name, StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).FirstOrDefault()
                ?? services.Where(s => s.Contains(name, StringComparison.OrdinalIgnoreCase) || name.Contains(s, StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal).FirstOrDefault();
            yield return like is null ? $"'{UntrustedText.Cut(name)}'" : $"'{UntrustedText.Cut(name)}' (the input has '{like}')";
        }
    }

    /// <summary>The incidents whose window holds no moment of the data's time range: no record can belong to them, so each counts as missed.</summary>
    public static IEnumerable<string> OutsideOf(IReadOnlyList<GroundTruthIncident> incidents, InputTimeRange range) =>
        incidents.Where(incident => incident.End < range.First || incident.Start > range.Last)
            .Select(incident => $"{incident.IncidentId} ({InputReport.Time(incident.Start)} to {InputReport.Time(incident.End)})");

}
