using AnomalyPlatform.Cli.Commands;
using Spectre.Console.Testing;

namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>One run of the real CLI (<c>run</c>) into a fresh temporary folder.</summary>
internal sealed class PipelineRun : IDisposable
{
    private PipelineRun(string directory, int exitCode, string console, string errors)
    {
        Directory = directory;
        ExitCode = exitCode;
        Console = console;
        Errors = errors;
    }

    public string Directory { get; }

    public int ExitCode { get; }

    /// <summary>What the run printed: progress, tables and summaries.</summary>
    public string Console { get; }

    /// <summary>Why the run ended with a non-zero exit code, when it did.</summary>
    public string Errors { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public static Task<PipelineRun> StartAsync(params string[] flags) => StartAsync(console => console, flags);

    /// <summary>A run whose console output also goes through <paramref name="observe"/> (which wraps the test console).</summary>
    public static async Task<PipelineRun> StartAsync(Func<TestConsole, Spectre.Console.IAnsiConsole> observe, params string[] flags)
    {
        var directory = Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));
        var console = new TestConsole();
        console.Profile.Width = 240;
        var errors = new TestConsole();
        errors.Profile.Width = 240;
        var exitCode = await PlatformCli.Create(observe(console), errors).Parse(["run", "--out", directory, .. flags]).InvokeAsync();
        return new PipelineRun(directory, exitCode, console.Output, errors.Output);
    }

    public void Dispose()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}

/// <summary>Runs the pipeline once for a whole test class: the output checks read the same files.</summary>
public sealed class DefaultRunFixture : IAsyncLifetime
{
    public const int Records = 6000;

    internal PipelineRun Run { get; private set; } = null!;

    public async Task InitializeAsync() => Run = await PipelineRun.StartAsync("--records", Records.ToString(), "--seed", "42");

    public Task DisposeAsync()
    {
        Run.Dispose();
        return Task.CompletedTask;
    }
}
