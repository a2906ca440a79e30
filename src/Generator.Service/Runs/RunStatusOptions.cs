using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.Generator.Runs;

/// <summary>
/// Where a client follows a run it started with <c>POST /runs</c>: the root-cause service, which serves
/// <c>GET /runs/{run_id}</c>, at the address the client reaches it by. Bound from the <c>RunStatus</c> section.
/// </summary>
public sealed class RunStatusOptions
{
    public const string SectionName = "RunStatus";

    /// <summary>
    /// The root-cause service's base address as clients reach it (the Aspire application sets its endpoint,
    /// <c>http://localhost:5182</c>; compose its published port). The answer to <c>POST /runs</c> links
    /// <c>{BaseUrl}/runs/{run_id}</c>; unset, it has no status link, since the generator alone cannot know where
    /// RootCause runs.
    /// </summary>
    [Url(ErrorMessage = "RunStatus:BaseUrl must be an absolute http or https URL, such as http://localhost:5182.")]
    public string? BaseUrl { get; set; }

    /// <summary>The status link of <paramref name="runId"/>; null when no <see cref="BaseUrl"/> is set.</summary>
    public Uri? StatusOf(string runId)
    {
        if (string.IsNullOrEmpty(BaseUrl))
        {
            return null;
        }

        // A base with a path (a proxy's /rootcause) keeps it: relative resolution needs its trailing slash.
        var root = new Uri(BaseUrl.EndsWith('/') ? BaseUrl : BaseUrl + "/", UriKind.Absolute);
        return new Uri(root, "runs/" + Uri.EscapeDataString(runId));
    }
}
