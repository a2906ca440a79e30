using System.Globalization;

namespace AnomalyPlatform.LocalEmulator;

/// <summary>
/// An installed fauxqs (SQS and S3 emulator) and the Node that runs it: what to start, where, and how it is told its port.
/// </summary>
public sealed record FauxqsInstallation(string Directory, string NodePath, string CliPath)
{
    /// <summary>The variable fauxqs reads its port from (it listens on every interface, IPv4).</summary>
    public const string PortVariable = "FAUXQS_PORT";

    /// <summary>fauxqs answers <c>GET /health</c> with 200 once it accepts requests.</summary>
    public const string HealthPath = "/health";

    /// <summary>
    /// Settings besides the port: the host name put in queue URLs, and no per-request log (a long-polling consumer
    /// would fill the console with one line every few seconds).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } = new Dictionary<string, string>
    {
        ["FAUXQS_HOST"] = "localhost",
        ["FAUXQS_LOGGER"] = "false",
    };

    /// <summary>
    /// The arguments to <see cref="NodePath"/> that start the emulator. Not its <c>cli.js</c>: that one turns the request
    /// log on whatever <c>FAUXQS_LOGGER</c> says, while <c>startFauxqs()</c> without options honours it.
    /// </summary>
    public IReadOnlyList<string> Arguments =>
    [
        "--input-type=module",
        "--eval",
        $"import {{ startFauxqs }} from '{new Uri(Path.Combine(Path.GetDirectoryName(CliPath)!, "app.js")).AbsoluteUri}'; await startFauxqs();",
    ];

    /// <summary>The emulator's URL on this machine for a given port (loopback IPv4, which it always listens on).</summary>
    public static Uri EndpointFor(int port) => new($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
}
