using System.Diagnostics;

namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>
/// The CLI run as a process of its own, for tests whose environment (the SQS endpoint variables) must differ from
/// this process's, which other tests share. Each output line also goes to an optional callback as it arrives.
/// </summary>
internal static class CliProcess
{
    /// <returns>
    /// The exit code; every line as it came (<c>Console</c>), and, apart, the lines of standard output (<c>Output</c>)
    /// and of standard error (<c>Errors</c>).
    /// </returns>
    public static async Task<(int ExitCode, string Console, string Output, string Errors)> RunAsync(
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
        var standardOutput = new System.Text.StringBuilder();
        var standardError = new System.Text.StringBuilder();
        using var process = new Process { StartInfo = start };
        void Collect(System.Text.StringBuilder stream, string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(line);
                stream.AppendLine(line);
            }

            onLine?.Invoke(line);
        }

        process.OutputDataReceived += (_, line) => Collect(standardOutput, line.Data);
        process.ErrorDataReceived += (_, line) => Collect(standardError, line.Data);
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
            return (process.ExitCode, output.ToString(), standardOutput.ToString(), standardError.ToString());
        }
    }
}
