using AnomalyPlatform.Contracts.Messages;
using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Ranking;
using AnomalyPlatform.RootCause.Tests.Support;

namespace AnomalyPlatform.RootCause.Tests.Ranking;

public sealed class FaultKindClassifierTests
{
    [Fact]
    public void A_candidate_that_flagged_nothing_and_whose_callers_do_not_fail_gets_no_invented_fault_kind()
    {
        var guess = FaultKindClassifier.Classify(new ServiceProfile("notification"), change: null, callersLogErrors: false);

        Assert.Equal(FaultKindClassifier.Unnamed, guess.FaultKind);
        Assert.DoesNotContain("dominant", guess.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_candidate_that_flagged_nothing_below_failing_callers_is_a_dependency_outage()
    {
        var guess = FaultKindClassifier.Classify(new ServiceProfile("payment"), change: null, callersLogErrors: true);

        Assert.Equal(FaultTypes.DependencyOutage, guess.FaultKind);
    }

    [Fact]
    public void A_candidate_that_flagged_nothing_takes_the_kind_its_behaviour_change_names_unless_its_callers_fail()
    {
        var named = FaultKindClassifier.Classify(new ServiceProfile("cart"), change: null, callersLogErrors: false, FaultTypes.LatencyInjection);
        var belowFailing = FaultKindClassifier.Classify(new ServiceProfile("cart"), change: null, callersLogErrors: true, FaultTypes.LatencyInjection);

        Assert.Equal(FaultTypes.LatencyInjection, named.FaultKind);
        Assert.Equal("its calls take longer on the way in or out", named.Reason);
        Assert.Equal(FaultTypes.DependencyOutage, belowFailing.FaultKind);
    }

    [Theory]
    // Slow spans with failing callers read as an outage, unless its calls took longer in transit: then the slowness
    // is on its network path (Train Ticket's injected network delays were named dependency_outage).
    [InlineData(true, "its calls take longer on the way in or out; 3 slow spans or latency readings, callers fail")]
    [InlineData(false, "its calls take longer on the way in or out; 3 slow spans or latency readings")]
    public void A_slow_service_whose_calls_take_longer_in_transit_is_named_by_the_delay(bool callersLogErrors, string reason)
    {
        var profile = Profile("route", [0, 10, 20], [], AnomalyTypes.LatencySpike, "GET /routes", TelemetryKind.Span);

        var guess = FaultKindClassifier.Classify(profile, change: null, callersLogErrors, FaultTypes.LatencyInjection);
        var withoutTransit = FaultKindClassifier.Classify(profile, change: null, callersLogErrors);

        Assert.Equal((FaultTypes.LatencyInjection, reason), (guess.FaultKind, guess.Reason));
        Assert.Equal(callersLogErrors ? FaultTypes.DependencyOutage : FaultTypes.LatencyInjection, withoutTransit.FaultKind);
    }

    [Fact]
    public void A_transit_delay_names_a_service_whose_own_anomalies_are_readings_that_moved_but_not_its_resources_or_errors()
    {
        var traffic = Profile("contacts", [0, 60], [], AnomalyTypes.MetricSpike, "request_rate", TelemetryKind.Metric);
        var errors = Profile("contacts", [0, 5, 10], [], AnomalyTypes.ErrorLogBurst, "request_failed", TelemetryKind.Log);
        var cpu = Profile("contacts", [0, 60], [], AnomalyTypes.MetricSpike, "cpu_percent", TelemetryKind.Metric);
        var strayErrors = new ServiceProfile("contacts");
        strayErrors.Add(Anomalies.At(1, "contacts", 0, AnomalyTypes.ErrorLogBurst, name: "request_failed", kind: TelemetryKind.Log), isolated: true);

        string Named(ServiceProfile profile) => FaultKindClassifier.Classify(profile, change: null, callersLogErrors: false, FaultTypes.LatencyInjection).FaultKind;

        Assert.Equal(FaultTypes.LatencyInjection, Named(traffic));
        Assert.Equal(AnomalyTypes.ErrorLogBurst, Named(errors));
        Assert.Equal(FaultTypes.CpuHog, Named(cpu));
        Assert.Equal(AnomalyTypes.ErrorLogBurst, Named(strayErrors));
    }

    [Fact]
    public void A_deploy_before_most_of_a_services_symptoms_is_a_bad_deploy_though_strays_opened_the_incident_earlier()
    {
        // Two routine ERRORs three minutes before the deploy opened the incident; the burst follows the deploy.
        var profile = Profile("catalog", [0, 20], [180, 185, 190, 200, 210, 230, 260], AnomalyTypes.ErrorLogBurst, "request_failed", TelemetryKind.Log);
        var deploy = Change("catalog", secondsAfterT0: 180);

        var guess = FaultKindClassifier.Classify(profile, deploy, callersLogErrors: true);

        Assert.Equal(FaultTypes.BadDeploy, guess.FaultKind);
        Assert.Equal("deploy before most of its symptoms", guess.Reason);
    }

    [Fact]
    public void A_deploy_after_most_of_a_services_symptoms_is_no_trigger()
    {
        var profile = Profile("catalog", [0, 20, 40, 60, 90], [200], AnomalyTypes.ErrorLogBurst, "request_failed", TelemetryKind.Log);

        var guess = FaultKindClassifier.Classify(profile, Change("catalog", secondsAfterT0: 180), callersLogErrors: true);

        Assert.Equal(FaultTypes.DependencyOutage, guess.FaultKind);
    }

    [Fact]
    public void Cpu_symptoms_outrank_a_deploy_well_into_the_incident()
    {
        var profile = Profile("cart", [0], [150, 160, 170, 180], AnomalyTypes.MetricSpike, "cpu_percent", TelemetryKind.Metric);

        var guess = FaultKindClassifier.Classify(profile, Change("cart", secondsAfterT0: 120), callersLogErrors: false);

        Assert.Equal(FaultTypes.CpuHog, guess.FaultKind);
    }

    [Theory]
    // CPU first, memory spiking with it a minute later: a starved process, not a leak.
    [InlineData(new double[] { 0, 60, 120, 180 }, new double[] { 60, 120, 180, 240, 300 }, "cpu_hog", "4 CPU anomalies, before its memory anomalies")]
    // Memory first, the collector's CPU after it: a leak.
    [InlineData(new double[] { 180, 240 }, new double[] { 0, 60, 120 }, "memory_leak", "3 memory anomalies, no later than its CPU anomalies")]
    // Both in the same readings: memory's growth names it, as before CPU was looked at.
    [InlineData(new double[] { 0, 60 }, new double[] { 0, 60 }, "memory_leak", "2 memory anomalies, no later than its CPU anomalies")]
    [InlineData(new double[] { }, new double[] { 0, 60 }, "memory_leak", "2 memory anomalies")]
    [InlineData(new double[] { 0, 60 }, new double[] { }, "cpu_hog", "2 CPU anomalies")]
    public void Of_cpu_and_memory_symptoms_the_one_that_began_first_names_the_fault(double[] cpuSeconds, double[] memorySeconds, string kind, string reason)
    {
        var profile = new ServiceProfile("cart");
        var id = 0;
        foreach (var seconds in cpuSeconds)
        {
            profile.Add(Anomalies.At(id++, "cart", seconds, AnomalyTypes.MetricSpike, name: "cpu_percent", kind: TelemetryKind.Metric), isolated: false);
        }

        foreach (var seconds in memorySeconds)
        {
            profile.Add(Anomalies.At(id++, "cart", seconds, AnomalyTypes.MetricSpike, name: "memory_mb", kind: TelemetryKind.Metric), isolated: false);
        }

        var guess = FaultKindClassifier.Classify(profile, change: null, callersLogErrors: false);

        Assert.Equal((kind, reason), (guess.FaultKind, guess.Reason));
    }

    private static ServiceProfile Profile(string service, double[] before, double[] after, string type, string name, TelemetryKind kind)
    {
        var profile = new ServiceProfile(service);
        var id = 0;
        foreach (var seconds in before.Concat(after))
        {
            profile.Add(Anomalies.At(id++, service, seconds, type, name: name, kind: kind), isolated: false);
        }

        return profile;
    }

    /// <summary>A deploy at <paramref name="secondsAfterT0"/> in an incident that started at T0.</summary>
    private static ChangeCorrelation Change(string service, double secondsAfterT0) =>
        new(new ChangeEvent(99, Anomalies.T0.AddSeconds(secondsAfterT0), service, service + "-0", "deploy"), ChangeCorrelator.DuringIncidentScore, -secondsAfterT0);
}
