using System.CommandLine;

namespace AnomalyPlatform.Bench;

/// <summary>
/// Benchmark commands. Each case runs in a child process of its own, so that its peak working set is its own;
/// each prints one line of figures.
/// </summary>
internal static class BenchCli
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Anomaly Platform benchmarks: throughput and peak memory.");
        var records = new Option<long[]>("--records") { Description = "Record counts to run (default 100000 1000000).", AllowMultipleArgumentsPerToken = true };

        var all = new Command("all", "Run every case at every record count, each in a fresh process.") { records };
        all.SetAction((result, token) => BenchSuite.RunAllAsync(Counts(result.GetValue(records)), token));
        root.Subcommands.Add(all);

        foreach (var benchCase in BenchCase.All)
        {
            var command = new Command(benchCase.Name, benchCase.Description) { records };
            command.SetAction((result, token) => BenchSuite.RunCaseAsync(benchCase, Counts(result.GetValue(records), benchCase.FixedRecords), token));
            root.Subcommands.Add(command);
        }

        var single = new Command("single", "Run one case in this process (used by the suite).") { Hidden = true };
        var name = new Argument<string>("case");
        var count = new Argument<long>("records");
        single.Arguments.Add(name);
        single.Arguments.Add(count);
        single.SetAction((result, token) => BenchCase.Find(result.GetValue(name)!).RunAsync(result.GetValue(count), token));
        root.Subcommands.Add(single);
        return root;
    }

    private static IReadOnlyList<long> Counts(long[]? given, IReadOnlyList<long>? caseDefault = null) =>
        given is { Length: > 0 } ? given : caseDefault ?? [100_000, 1_000_000];
}
