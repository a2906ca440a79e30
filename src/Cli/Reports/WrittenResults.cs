using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Output;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Reports;

/// <summary>What <c>run</c> and <c>analyze</c> end their results with: the incidents to page, the line saying where everything was written, and what it must not leave unsaid.</summary>
internal static class WrittenResults
{
    public static void Print(IAnsiConsole console, RootCauseCompleted rootCause, string directory)
    {
        var incidents = rootCause.Incidents;
        PagedIncidentsTable.Print(console, incidents);
        var traffic = incidents.Count(static i => i.TrafficChange);
        var unpaged = $"{incidents.Count(static i => i.Isolated)} of isolated anomalies only{(traffic > 0 ? $", {traffic} mostly a change in traffic" : "")}, not paged";
        console.MarkupLineInterpolated(
            $"Wrote {Plural.Of(rootCause.AnomalyCount, "anomaly", "anomalies")} in {Plural.Of(incidents.Count, "incident")} ({unpaged}) to [bold]{Path.GetFullPath(directory)}[/]");

        // When an LLM was asked: a warning that scrolled past at start is easy to miss, and the files look the same either way.
        var fellBack = incidents.Count(static i => i.ExplanationSource == ExplanationSources.Fallback);
        if (fellBack > 0)
        {
            console.MarkupLineInterpolated(
                $"[yellow]{fellBack} of {incidents.Count} incident explanation(s) are the candidates' own text, not the LLM's[/]: it failed, answered invalidly or its call budget was spent (see the warnings above; root_cause_source \"fallback\" in anomalies.json).");
        }
    }
}
