using System.Runtime.InteropServices;

namespace AnomalyPlatform.EndToEnd.Tests;

/// <summary>Finds the <c>dotnet</c> executable that runs this process, to start the services with the same runtime.</summary>
internal static class DotnetMuxer
{
    public static string Path()
    {
        var executable = OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet";
        // Set by the SDK for everything it launches (dotnet run, dotnet test).
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } processPath && string.Equals(System.IO.Path.GetFileName(processPath), executable, StringComparison.OrdinalIgnoreCase))
        {
            return processPath;
        }

        // The runtime lives in {dotnet root}/shared/Microsoft.NETCore.App/{version}/; the muxer is in the root.
        var root = System.IO.Path.GetFullPath(System.IO.Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var candidate = System.IO.Path.Combine(root, executable);
        return File.Exists(candidate) ? candidate : executable;
    }
}
