using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Detector.Features;
using AnomalyPlatform.Detector.Scoring;
using AnomalyPlatform.Detector.Tests.TestData;

namespace AnomalyPlatform.Detector.Tests.Ensemble;

public sealed class EnsembleBeatsMembersTests
{
    private static double F1(IEnumerable<long> flagged, IReadOnlyDictionary<long, string?> labels)
    {
        var set = flagged.ToHashSet();
        var truePositives = set.Count(id => labels[id] is not null);
        var anomalies = labels.Values.Count(label => label is not null);
        if (truePositives == 0)
        {
            return 0;
        }

        var precision = (double)truePositives / set.Count;
        var recall = (double)truePositives / anomalies;
        return 2 * precision * recall / (precision + recall);
    }

    [Theory]
    [InlineData(41)]
    [InlineData(42)]
    public void Ensemble_f1_beats_every_member_on_a_mixed_planted_estate(int seed)
    {
        var scenario = TelemetryScenario.Build(seed);
        var columns = new TelemetryColumns();
        columns.Append(scenario.Records);

        var result = new DetectionRun(new DetectorOptions()).Execute(columns, CancellationToken.None);

        var ensemble = F1(result.Detections.Where(d => d.IsAnomaly).Select(d => d.RecordId), scenario.Labels);
        foreach (var model in result.Models.Where(name => name != ModelNames.Ensemble))
        {
            var member = F1(result.Detections.Where(d => d.Scores.Any(s => s.Model == model && s.IsAnomaly)).Select(d => d.RecordId), scenario.Labels);
            Assert.True(ensemble > member, $"ensemble F1 {ensemble:0.000} <= {model} F1 {member:0.000}");
        }
    }

    [Fact]
    public void Every_detection_names_its_models_and_features_in_its_reasons()
    {
        var scenario = TelemetryScenario.Build(seed: 43);
        var columns = new TelemetryColumns();
        columns.Append(scenario.Records);

        var result = new DetectionRun(new DetectorOptions()).Execute(columns, CancellationToken.None);

        var flagged = result.Detections.Where(d => d.IsAnomaly).ToList();
        Assert.NotEmpty(flagged);
        Assert.All(flagged, d => Assert.NotEmpty(d.Reasons));
        Assert.Contains(flagged, d => d.Reasons.Any(r => r.StartsWith(ModelNames.IsolationForest, StringComparison.Ordinal) && r.Contains("driven by", StringComparison.Ordinal)));
    }
}
