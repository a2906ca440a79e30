using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Llm;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Reports;

/// <summary>
/// Says, under the last line of <c>run</c> and <c>analyze</c>, how many incidents' explanations are not the LLM's when an
/// LLM was asked: a warning that scrolled past at start is easy to miss, and the files look the same either way.
/// </summary>
internal static class ExplanationNote
{
    public static void Print(IAnsiConsole console, IReadOnlyList<IncidentReport> incidents)
    {
        var fellBack = incidents.Count(static i => i.ExplanationSource == ExplanationSources.Fallback);
        if (fellBack == 0)
        {
            return;
        }

        console.MarkupLineInterpolated(
            $"[yellow]{fellBack} of {incidents.Count} incident explanation(s) are the candidates' own text, not the LLM's[/]: it failed, answered invalidly or its call budget was spent (see the warnings above; root_cause_source \"fallback\" in anomalies.json).");
    }
}
