using AnomalyPlatform.Cli.Commands;
using Spectre.Console.Testing;

namespace AnomalyPlatform.AppHost.Tests;

/// <summary>The same run through the CLI's embedded pipeline (every service in this process): the reference output.</summary>
internal static class EmbeddedRun
{
    /// <summary>Runs <c>run --out {temp} {flags}</c> and returns the anomalies.json it wrote.</summary>
    public static async Task<byte[]> AnomaliesAsync(params string[] flags)
    {
        var directory = Path.Combine(Path.GetTempPath(), "anomaly-embedded-" + Guid.NewGuid().ToString("N"));
        try
        {
            var console = new TestConsole();
            console.Profile.Width = 240;
            var errors = new TestConsole();
            errors.Profile.Width = 240;
            var exitCode = await PlatformCli.Create(console, errors).Parse(["run", "--out", directory, .. flags]).InvokeAsync();
            Assert.True(exitCode == 0, errors.Output);
            return await File.ReadAllBytesAsync(Path.Combine(directory, "anomalies.json"));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
