using System.Globalization;
using System.Net;

namespace AnomalyPlatform.ServiceDefaults.Health;

/// <summary>
/// A container health check without a shell or curl (chiseled images have neither): the service's own assembly started
/// with <c>--health-probe [url]</c> asks the running instance's <c>/health</c> and exits 0 on 200, 1 otherwise.
/// </summary>
public static class HealthProbe
{
    public const string Flag = "--health-probe";

    /// <summary>Wildcard hosts in <c>ASPNETCORE_URLS</c> mean every interface, so loopback reaches the service.</summary>
    private static readonly string[] WildcardHosts = ["*", "+", "0.0.0.0", "[::]"];

    /// <summary>Whether the process was started as a probe (the flag first) rather than as the service.</summary>
    public static bool IsRequested(string[] args) => args is [Flag, ..];

    /// <summary>
    /// GETs <c>/health</c> of the URL given after the flag, else of the address the service listens on by the standard
    /// variables; the exit code for the container runtime (0 healthy, 1 not), the reason on standard error.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var url = args.Length > 1
            ? new Uri(args[1])
            : HealthUrl(Environment.GetEnvironmentVariable("ASPNETCORE_URLS"), Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS"));
        // Shorter than the HEALTHCHECK timeout (5 s), so a hung service is reported as such, not killed as a probe.
        // No proxy: the probe asks the service in its own container, whatever HTTP_PROXY says.
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return 0;
            }

            await Console.Error.WriteLineAsync($"health probe: {url} answered {(int)response.StatusCode}").ConfigureAwait(false);
            return 1;
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"health probe: {url} did not answer ({exception.Message})").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>
    /// The <c>/health</c> URL of the service as Kestrel binds it: the first <c>http://</c> entry of <c>ASPNETCORE_URLS</c>
    /// (which wins over the ports), else the first of <c>ASPNETCORE_HTTP_PORTS</c> (8080 in the .NET images), else
    /// Kestrel's default port 5000; wildcard hosts are reached on loopback.
    /// </summary>
    internal static Uri HealthUrl(string? urls, string? httpPorts)
    {
        const string scheme = "http://";
        var httpUrl = (urls ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(candidate => candidate.StartsWith(scheme, StringComparison.OrdinalIgnoreCase));
        if (httpUrl is not null)
        {
            var authority = httpUrl[scheme.Length..].Split('/')[0];
            var portSeparator = authority.LastIndexOf(':');
            var hasPort = portSeparator > authority.LastIndexOf(']');
            var host = hasPort ? authority[..portSeparator] : authority;
            var port = hasPort ? authority[(portSeparator + 1)..] : "80";
            return new Uri($"{scheme}{(WildcardHosts.Contains(host) ? "127.0.0.1" : host)}:{port}{HealthCheckExtensions.HealthPath}");
        }

        var firstPort = (httpPorts ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        var httpPort = int.TryParse(firstPort, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : 5000;
        return new Uri($"{scheme}127.0.0.1:{httpPort.ToString(CultureInfo.InvariantCulture)}{HealthCheckExtensions.HealthPath}");
    }
}
