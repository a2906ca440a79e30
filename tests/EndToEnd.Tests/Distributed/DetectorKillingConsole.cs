using System.Diagnostics;
using System.Text.RegularExpressions;
using Spectre.Console;
using Spectre.Console.Rendering;
using Spectre.Console.Testing;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>
/// A console that watches a distributed run's output and kills the detector process that starts analysing a segment
/// first, while it analyses it (the way a crashed container or a stopped ECS task dies): no clean shutdown, no reply.
/// </summary>
internal sealed partial class DetectorKillingConsole(TestConsole inner) : IAnsiConsole
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _processIds = new(StringComparer.Ordinal);
    private int _scanned;

    /// <summary>The detector instance that was killed (its log name), once it has been.</summary>
    public string? Killed { get; private set; }

    public Profile Profile => inner.Profile;

    public IAnsiConsoleCursor Cursor => inner.Cursor;

    public IAnsiConsoleInput Input => inner.Input;

    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;

    public RenderPipeline Pipeline => inner.Pipeline;

    public void Clear(bool home) => inner.Clear(home);

    public void WriteAnsi(Action<AnsiWriter> action)
    {
        lock (_gate)
        {
            inner.WriteAnsi(action);
        }
    }

    public void Write(IRenderable renderable)
    {
        lock (_gate)
        {
            inner.Write(renderable);
            var output = inner.Output;
            var text = output[_scanned..];
            var lastLineEnd = text.LastIndexOf('\n');
            if (lastLineEnd < 0)
            {
                return;
            }

            _scanned += lastLineEnd + 1;
            foreach (var line in text[..lastLineEnd].Split('\n'))
            {
                Observe(line);
            }
        }
    }

    private void Observe(string line)
    {
        if (StartedLine().Match(line) is { Success: true } started)
        {
            _processIds[started.Groups["name"].Value] = int.Parse(started.Groups["pid"].Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (Killed is null && AnalysingLine().Match(line) is { Success: true } analysing
                 && _processIds.TryGetValue(analysing.Groups["name"].Value, out var processId))
        {
            Killed = analysing.Groups["name"].Value;
            using var process = Process.GetProcessById(processId);
            process.Kill(entireProcessTree: true);
        }
    }

    [GeneratedRegex(@"^(?<name>detector-\d+)\s*\| started: .*\(pid (?<pid>\d+)\)")]
    private static partial Regex StartedLine();

    [GeneratedRegex(@"^(?<name>detector-\d+)\s*\|.*segment \d+/\d+: analysing")]
    private static partial Regex AnalysingLine();
}
