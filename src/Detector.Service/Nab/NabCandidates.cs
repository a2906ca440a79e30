using System.Globalization;
using AnomalyPlatform.Detector.TimeSeries;

namespace AnomalyPlatform.Detector.Nab;

/// <summary>
/// The configurations the project's selection chooses among, written one a line as <c>Name=value;Name=value</c> for
/// <see cref="RobustStreamingDetector"/> (an empty line is its defaults) or <c>conformal: Name=value;...</c> for
/// <see cref="ConformalWindowDetector"/>. The first line is the shipped configuration and wins ties.
/// </summary>
public static class NabCandidates
{
    private const string ConformalPrefix = "conformal:";

    /// <summary>
    /// The shipped robust configuration; its 28 neighbours that change one setting; the design's structural choices
    /// undone one at a time (each of the four signals left out, the seasonal residual in place of the seasonal shift or
    /// added back, a hard refractory period),
    /// since they too were made on the shared files; and the conformal detector at four alarm levels, so that choosing
    /// among them includes choosing the method.
    /// </summary>
    public static IReadOnlyList<string> Default { get; } =
    [
        "",
        "HistoryLength=2000", "HistoryLength=4000", "HistoryLength=16000",
        "CalibrationRankScale=0.09", "CalibrationRankScale=0.36",
        "CalibrationDelay=0", "CalibrationDelay=8", "CalibrationDelay=24",
        "ShortWindow=8", "ShortWindow=32",
        "RefractoryScoreFactor=0.5", "RefractoryScoreFactor=0.1",
        "DecisionRatio=1.0", "DecisionRatio=1.5",
        "RarityGate=0", "RarityGate=0.3",
        "PersistenceWindow=0", "PersistenceWindow=20",
        "RefractoryFraction=0.025", "RefractoryFraction=0.1",
        "SameEventPoints=60",
        "RarityWindow=16",
        "RarityNeighbours=1",
        "WarmUpPoints=200",
        "SeasonalPhaseTolerance=0", "SeasonalPhaseTolerance=4",
        "SeasonRetainAutocorrelation=0.4", "SeasonRetainAutocorrelation=0.1",
        "Signals=Step, Shift, SeasonalShift", "Signals=Level, Shift, SeasonalShift",
        "Signals=Level, Step, SeasonalShift", "Signals=Level, Step, Shift",
        "Signals=Level, Step, Shift, Seasonal", "Signals=All",
        "RefractoryScoreFactor=0",
        "conformal: Alpha=0.005", "conformal: Alpha=0.01", "conformal: Alpha=0.02", "conformal: Alpha=0.05",
    ];

    /// <summary>Reads a candidate file: one configuration a line, lines starting with '#' skipped.</summary>
    public static IReadOnlyList<NabCandidate> Read(string path) =>
        File.ReadAllLines(path).Where(static l => !l.TrimStart().StartsWith('#')).Select(Parse).ToList();

    /// <summary>The candidate a line describes; throws <see cref="ArgumentException"/> naming an unknown or invalid setting.</summary>
    public static NabCandidate Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var trimmed = line.Trim();
        if (trimmed.StartsWith(ConformalPrefix, StringComparison.Ordinal))
        {
            var conformal = Bind<ConformalWindowDetectorOptions>(trimmed[ConformalPrefix.Length..]);
            conformal.Validate();
            return new NabCandidate(trimmed, () => new ConformalWindowDetector(conformal));
        }

        var robust = Bind<RobustStreamingDetectorOptions>(trimmed);
        robust.Validate();
        return new NabCandidate(trimmed.Length == 0 ? "(shipped)" : trimmed, () => new RobustStreamingDetector(robust));
    }

    private static T Bind<T>(string settings)
        where T : new()
    {
        var options = new T();
        foreach (var setting in settings.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = setting.Split('=', 2, StringSplitOptions.TrimEntries);
            var property = typeof(T).GetProperty(parts[0]);
            if (property is null || parts.Length != 2)
            {
                throw new ArgumentException($"'{setting}' is not a {typeof(T).Name} setting (Name=value).");
            }

            // Options are init-only; reflection sets them as configuration binding does.
            var value = property.PropertyType.IsEnum
                ? Enum.Parse(property.PropertyType, parts[1])
                : Convert.ChangeType(parts[1], property.PropertyType, CultureInfo.InvariantCulture);
            property.SetValue(options, value);
        }

        return options;
    }
}
