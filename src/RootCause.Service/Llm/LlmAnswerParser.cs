using System.Text.Json;

namespace AnomalyPlatform.RootCause.Llm;

/// <summary>Validates an LLM's answer: a JSON object naming one of the incident's services and a non-empty explanation.</summary>
public static class LlmAnswerParser
{
    /// <summary>Longest explanation kept (about four long sentences); a longer answer is cut, as the text is repeated in every anomaly of its incident.</summary>
    public const int MaxExplanationLength = 800;

    /// <summary>Returns the text to report, or null when the answer is empty, not JSON, or names no service of the incident.</summary>
    public static string? TryParse(string? answer, IncidentSummary incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        var json = StripCodeFence(answer);
        if (json.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !TryGetString(root, "root_cause_service", out var service)
                || !TryGetString(root, "explanation", out var explanation))
            {
                return null;
            }

            var known = FindService(incident, service);
            if (known is null)
            {
                return null;
            }

            var text = explanation.Trim();
            if (text.Length > MaxExplanationLength)
            {
                text = text[..MaxExplanationLength];
            }

            var fault = TryGetString(root, "fault_kind", out var kind) ? $" ({kind.Trim()})" : string.Empty;
            return $"Root cause: {known}{fault}. {text}";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryGetString(JsonElement root, string name, out string value)
    {
        value = string.Empty;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        value = element.GetString() ?? string.Empty;
        return !string.IsNullOrWhiteSpace(value);
    }

    private static string? FindService(IncidentSummary incident, string service)
    {
        var wanted = service.Trim();
        foreach (var summary in incident.Services)
        {
            if (string.Equals(summary.Service, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return summary.Service;
            }
        }

        // A caller that lost its spans has no anomaly of its own but is a candidate.
        foreach (var candidate in incident.Candidates)
        {
            if (string.Equals(candidate.Service, wanted, StringComparison.OrdinalIgnoreCase))
            {
                return candidate.Service;
            }
        }

        return null;
    }

    // Some models wrap JSON in a Markdown fence even when asked for a JSON object.
    private static string StripCodeFence(string? answer)
    {
        var text = answer?.Trim() ?? string.Empty;
        if (!text.StartsWith("```", StringComparison.Ordinal))
        {
            return text;
        }

        var firstBrace = text.IndexOf('{', StringComparison.Ordinal);
        var lastBrace = text.LastIndexOf('}');
        return firstBrace >= 0 && lastBrace > firstBrace ? text[firstBrace..(lastBrace + 1)] : string.Empty;
    }
}
