using System.ComponentModel.DataAnnotations;

namespace AnomalyPlatform.Generator;

/// <summary>What to generate: size, seed, fault rates and batching of a synthetic run. Bound from the <c>Generator</c> section.</summary>
public sealed class GeneratorOptions
{
    public const string SectionName = "Generator";

    /// <summary>Exact number of records (all four kinds together) in the run.</summary>
    [Range(typeof(long), "1", "100000000", ErrorMessage = "Generator:Records must be between 1 and 100000000.")]
    public long Records { get; set; } = 10_000;

    /// <summary>Seed of every random choice; the same options give byte-identical files.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Fraction of LOG records that belong to injected error-log bursts (root-cause and propagated lines).</summary>
    [Range(0.0, 0.5, ErrorMessage = "Generator:ErrorRate must be between 0 and 0.5.")]
    public double ErrorRate { get; set; } = 0.02;

    /// <summary>Approximate fraction of ALL records labelled anomalous by metric spikes, missing spans and noisy events.</summary>
    [Range(0.0, 0.5, ErrorMessage = "Generator:AnomalyRate must be between 0 and 0.5.")]
    public double AnomalyRate { get; set; } = 0.01;

    /// <summary>Records per published <c>TelemetryBatch</c> (the last batch may be smaller).</summary>
    [Range(1, 100_000, ErrorMessage = "Generator:BatchSize must be between 1 and 100000.")]
    public int BatchSize { get; set; } = 4096;

    /// <summary>Run id carried by every message; null means <c>run-{Seed}</c>.</summary>
    public string? RunId { get; set; }

    /// <summary>Simulated time of the first interval (UTC; a value without a kind is taken as UTC).</summary>
    public DateTime StartTime { get; set; } = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>The run id to put on messages: <see cref="RunId"/>, or <c>run-{Seed}</c> when it is not set.</summary>
    public string ResolveRunId() => string.IsNullOrWhiteSpace(RunId) ? $"run-{Seed}" : RunId;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range (host-free callers use this).</summary>
    public void ThrowIfInvalid()
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(this, new ValidationContext(this), results, validateAllProperties: true))
        {
            throw new ArgumentException(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }
    }
}
