using System.Diagnostics;

namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>
/// The CLI run as a process of its own, for tests whose environment (the SQS endpoint variables) must differ from
/// this process's, which other tests share. Each output line also goes to an optional callback as it arrives.
/// </summary>
internal static class CliProcess
{
    public static async Task<(int ExitCode, string Console)> RunAsync(
        IReadOnlyDictionary<string, string> environment, TimeSpan patience, Action<string>? onLine, params string[] arguments)
    {
        var start = new ProcessStartInfo(DotnetMuxer.Path())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AnomalyPlatform.Cli.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        // Wide lines, so that a message is not wrapped in the middle of what a test looks for.
        start.Environment["COLUMNS"] = "400";
        var output = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        void Collect(object sender, DataReceivedEventArgs line)
        {
            if (line.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line.Data);
            }

            onLine?.Invoke(line.Data);
        }

        process.OutputDataReceived += Collect;
        process.ErrorDataReceived += Collect;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The run did not end within {patience.TotalSeconds} s:\n{output}");
        }

        // WaitForExitAsync returns after the redirected streams have ended.
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
