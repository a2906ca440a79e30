using System.Diagnostics;
using System.Globalization;

namespace AnomalyPlatform.Bench;

/// <summary>Runs cases in child processes (one per case and record count) and relays their lines.</summary>
internal static class BenchSuite
{
    public static async Task<int> RunAllAsync(IReadOnlyList<long> counts, CancellationToken cancellationToken)
    {
        var failures = 0;
        foreach (var benchCase in BenchCase.All)
        {
            if (benchCase.NeedsSqsEndpoint && !SqsBench.HasEndpoint)
            {
                Console.WriteLine($"{benchCase.Name,-13} skipped: {SqsBench.EndpointVariable} is not set (see the README's SQS section)");
                continue;
            }

            failures += await RunCaseAsync(benchCase, benchCase.FixedRecords ?? counts, cancellationToken);
        }

        return failures == 0 ? 0 : 1;
    }

    public static async Task<int> RunCaseAsync(BenchCase benchCase, IReadOnlyList<long> counts, CancellationToken cancellationToken)
    {
        var failures = 0;
        foreach (var records in counts)
        {
            var host = Environment.ProcessPath!;
            var start = new ProcessStartInfo(host) { UseShellExecute = false };
            // Started through the dotnet muxer, the child needs the assembly path; started as an app host, it does not.
            if (Path.GetFileNameWithoutExtension(host) == "dotnet")
            {
                start.ArgumentList.Add(typeof(BenchSuite).Assembly.Location);
            }

            foreach (var argument in new[] { "single", benchCase.Name, records.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(argument);
            }

            using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start a benchmark process");
            await child.WaitForExitAsync(cancellationToken);
            if (child.ExitCode != 0)
            {
                Console.Error.WriteLine($"{benchCase.Name} at {records} records failed with exit code {child.ExitCode}");
                failures++;
            }
        }

        return failures;
    }
}
