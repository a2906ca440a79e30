using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.RootCause.Evaluation;

namespace AnomalyPlatform.Cli.Tests.Analyze;

public sealed class FaultTypeAccuracyTests
{
    [Fact]
    public void Accuracy_is_told_per_fault_type_most_incidents_first_and_a_missed_or_undetected_incident_counts_against_its_type()
    {
        IncidentRank[] ranks =
        [
            new("F1", "cart", "DET-1", 1, "network_delay"),
            new("F2", "cart", "DET-2", 3, "network_delay"),
            new("F3", "auth", null, null, "network_delay"),
            new("F4", "price", "DET-4", 1, "cpu_contention"),
            new("F5", "price", "DET-5", null, null),
        ];

        var byType = FaultTypeAccuracy.Of(ranks);

        Assert.Equal(
            [
                new FaultTypeAccuracy("network_delay", 3, 2, 0.333333, 0.666667),
                new FaultTypeAccuracy("cpu_contention", 1, 1, 1, 1),
                new FaultTypeAccuracy("unknown", 1, 1, 0, 0),
            ],
            byType);
    }
}
