using System.Globalization;

namespace AnomalyPlatform.Generator;

/// <summary>The ERROR lines faults make services write: at the failing instance, and at callers whose calls failed.</summary>
internal sealed class FaultLogLines(ServiceTopology topology, SeededRandom random)
{
    private static readonly string[] ExceptionTypes =
    [
        "System.InvalidOperationException: Sequence contains no elements",
        "System.NullReferenceException: Object reference not set to an instance of an object",
        "System.ArgumentException: Value does not fall within the expected range",
        "System.Collections.Generic.KeyNotFoundException: The given key was not present in the dictionary",
    ];

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The failing call's own line at the root-cause instance (template id, message).</summary>
    public (string Template, string Message) RootFailure(string faultType, string operation, long durationUs) => faultType switch
    {
        Contracts.Telemetry.FaultTypes.DependencyOutage => ("request_aborted", string.Create(Invariant,
            $"{operation} aborted after {durationUs / 1000} ms: connection pool exhausted (active={random.Next(48, 65)}, waiting={random.Next(20, 200)})")),
        Contracts.Telemetry.FaultTypes.MemoryLeak => ("connection_refused", string.Create(Invariant,
            $"{operation} rejected: instance restarting after OOM kill")),
        _ => ("unhandled_exception", string.Create(Invariant,
            $"unhandled exception in {operation}: {ExceptionTypes[random.Next(ExceptionTypes.Length)]}")),
    };

    /// <summary>A caller's line about a failed call to <paramref name="callee"/>.</summary>
    public string UpstreamFailure(int callee, long durationUs, bool timedOut) => timedOut
        ? string.Create(Invariant, $"call to {topology.Services[callee].Name} timed out after {durationUs / 1000} ms (attempt {random.Next(1, 4)})")
        : string.Create(Invariant, $"call to {topology.Services[callee].Name} failed: 503 Service Unavailable (attempt {random.Next(1, 4)})");

    /// <summary>A caller's own failure line when a failed call made its request fail.</summary>
    public string CallerFailure(string operation, int callee) =>
        string.Create(Invariant, $"{operation} failed: dependency {topology.Services[callee].Name} unavailable");

    public string OutOfMemory(int service) => string.Create(Invariant,
        $"System.OutOfMemoryException: Insufficient memory to continue the execution of the program (heap_mb={topology.Services[service].MemoryBaseMb * random.Uniform(1.9, 2.6):F0})");

    public string ExporterDropped(int spans) => string.Create(Invariant,
        $"otlp span exporter: queue full (max_queue_size=2048), dropped {spans} span(s)");
}
