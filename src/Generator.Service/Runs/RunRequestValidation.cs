using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace AnomalyPlatform.Generator.Runs;

/// <summary>Turns a <see cref="RunRequest"/> into the run's <see cref="GeneratorOptions"/>, or into the errors per field of the request.</summary>
public static partial class RunRequestValidation
{
    private static readonly Dictionary<string, string> FieldOfSetting = new(StringComparer.Ordinal)
    {
        [nameof(GeneratorOptions.Records)] = "records",
        [nameof(GeneratorOptions.Seed)] = "seed",
        [nameof(GeneratorOptions.ErrorRate)] = "error_rate",
        [nameof(GeneratorOptions.AnomalyRate)] = "anomaly_rate",
        [nameof(GeneratorOptions.SegmentRecords)] = "segment_records",
        [nameof(GeneratorOptions.RunId)] = "run_id",
    };

    /// <summary>
    /// The run's options: <paramref name="defaults"/> with the request's fields on top, and a fresh run id when the
    /// request names none. Errors are keyed by the request's field names (<c>records</c>, <c>error_rate</c>, ...).
    /// </summary>
    public static (GeneratorOptions? Run, Dictionary<string, string[]> Errors) Validate(RunRequest request, GeneratorOptions defaults, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(defaults);
        var run = defaults.Copy();
        run.Records = request.Records ?? run.Records;
        run.Seed = request.Seed ?? run.Seed;
        run.ErrorRate = request.ErrorRate ?? run.ErrorRate;
        run.AnomalyRate = request.AnomalyRate ?? run.AnomalyRate;
        run.SegmentRecords = request.SegmentRecords ?? run.SegmentRecords;
        run.RunId = request.RunId ?? NewRunId(run.Seed, clock);

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(run, new ValidationContext(run), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                var setting = result.MemberNames.FirstOrDefault() ?? "";
                var field = FieldOfSetting.GetValueOrDefault(setting, setting);
                errors[field] = [Reword(result.ErrorMessage ?? "is not valid.", setting, field)];
            }
        }

        if (!RunIdPattern().IsMatch(run.RunId))
        {
            errors["run_id"] = ["run_id must be 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (it names the run's folder)."];
        }

        return errors.Count == 0 ? (run, errors) : (null, errors);
    }

    /// <summary><c>run-{seed}-{UTC time}-{4 hex digits}</c>: sorts by start, and two runs of one seed in one second still differ.</summary>
    private static string NewRunId(int seed, TimeProvider clock) =>
        $"run-{seed}-{clock.GetUtcNow():yyyyMMdd-HHmmss}-{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(2))}";

    /// <summary>"Generator:Records must be ..." becomes "records must be ...": the request's own field name.</summary>
    private static string Reword(string message, string setting, string field) =>
        message.Replace($"{GeneratorOptions.SectionName}:{setting}", field, StringComparison.Ordinal);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex RunIdPattern();
}
