using System.Diagnostics;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>
/// Screenshots of a local page with headless Chromium (Debian's <c>chromium</c>, or the <c>CHROMIUM</c> variable), each
/// with a profile folder of its own so that tests can run at once.
/// </summary>
internal static class HeadlessChromium
{
    public const string DefaultPath = "/usr/bin/chromium";

    // A cold start on a busy 2-core machine takes seconds; this is patience for a hung browser, not a speed requirement.
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(2);

    public static string PathOrFail()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;
        Assert.True(File.Exists(path),
            $"Chromium is needed for the report's screenshot test and was not found at {path}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM to its path.");
        return path;
    }

    public static async Task<byte[]> ScreenshotAsync(string htmlPath, string workFolder, int width, int height)
    {
        var screenshot = Path.Combine(workFolder, "screenshot.png");
        var start = new ProcessStartInfo(PathOrFail())
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars", "--no-first-run",
                     "--no-default-browser-check", $"--user-data-dir={Path.Combine(workFolder, "profile")}", $"--screenshot={screenshot}",
                     $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Chromium did not start.");
        var errors = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"Chromium did not finish the screenshot within {Patience.TotalSeconds:0} s.");
        }

        Assert.True(File.Exists(screenshot), $"Chromium exited with {process.ExitCode} and wrote no screenshot: {await errors}");
        return await File.ReadAllBytesAsync(screenshot);
    }
}
