using AnomalyPlatform.Cli.Analyze;
using AnomalyPlatform.Contracts.Telemetry;

namespace AnomalyPlatform.Cli.Tests.Analyze;

/// <summary>Kubernetes' events as kubectl gives them, read as change events of the workloads they are about.</summary>
public sealed class KubernetesEventsReaderTests : IDisposable
{
    private static readonly DateTime Start = new(2026, 1, 5, 0, 0, 0, DateTimeKind.Utc);

    private readonly InputFolder _inputs = new();

    [Fact]
    public void Kubectls_event_list_reads_as_rollouts_restarts_failing_probes_and_scaling_of_the_workloads_they_are_about()
    {
        var (records, rejects) = InputFolder.Read(Path.Combine(AppContext.BaseDirectory, "TestData", "kubernetes", "events.json"));

        Assert.Equal(0, rejects.Count);
        Assert.All(records, static r => Assert.Equal(TelemetryKind.Event, r.Kind));
        Assert.Equal(
            [
                ("deploy", "cart", "cart", Start.AddMinutes(10)),
                ("started", "cart", "cart-7d9f6c8b5d-x2k9q", Start.AddMinutes(10).AddSeconds(1)),
                ("deploy", "cart", "cart", Start.AddMinutes(10).AddSeconds(30)),
                ("restart", "cart", "cart-7d9f6c8b5d-x2k9q", Start.AddMinutes(12)),
                ("restart", "cart", "cart-7d9f6c8b5d-x2k9q", Start.AddMinutes(15)),
                ("health_check_flap", "server", "checkout-6b8f7d9c4b-qw7rt", Start.AddMinutes(20)),
                ("scale", "checkout", "checkout", Start.AddMinutes(25)),
                ("failed_scheduling", "checkout", "checkout-6b8f7d9c4b-z8m4p", Start.AddMinutes(25).AddSeconds(5)),
            ],
            records.Select(static r => (r.Name, r.Service, r.Instance, r.Timestamp)));
        Assert.StartsWith("BackOff: Back-off restarting failed container cart", records[3].Message);
    }

    [Fact]
    public void The_input_report_says_which_events_were_read_and_which_of_them_are_changes()
    {
        var input = TelemetryInputReader.Read([Path.Combine(AppContext.BaseDirectory, "TestData", "kubernetes", "events.json")], static (_, _) => { }, CancellationToken.None);

        Assert.Contains(
            "Events read: 2 deploy (a change), 2 restart (a change), 1 failed_scheduling, 1 health_check_flap, 1 scale (a change), 1 started.",
            InputReport.Notes(input));
    }

    [Fact]
    public void A_deployment_scaling_the_replica_set_it_scaled_last_is_scaling_and_another_one_a_rollout()
    {
        var path = _inputs.Write("events.jsonl",
            Scaling("00:01:00", "Scaled up replica set cart-7d9f6c8b5d to 3"),
            Scaling("00:02:00", "Scaled up replica set cart-7d9f6c8b5d to 4"),
            Scaling("00:03:00", "Scaled up replica set cart-84c7b5f9d6 to 1"),
            Scaling("00:04:00", "Scaled down replica set cart-7d9f6c8b5d to 3 from 4"));

        var (records, _) = InputFolder.Read(path);

        Assert.Equal(["scale", "scale", "deploy", "deploy"], records.Select(static r => r.Name));
    }

    [Fact]
    public void A_deployments_scalings_listed_out_of_time_order_are_named_in_time_order()
    {
        // kubectl lists events by their names, not their times: the same four as above, listed otherwise.
        var path = _inputs.Write("events.jsonl",
            Scaling("00:04:00", "Scaled down replica set cart-7d9f6c8b5d to 3 from 4"),
            Scaling("00:02:00", "Scaled up replica set cart-7d9f6c8b5d to 4"),
            Scaling("00:03:00", "Scaled up replica set cart-84c7b5f9d6 to 1"),
            Scaling("00:01:00", "Scaled up replica set cart-7d9f6c8b5d to 3"));

        var (records, _) = InputFolder.Read(path);

        Assert.Equal(
            [("deploy", 4), ("scale", 2), ("deploy", 3), ("scale", 1)],
            records.Select(static r => (r.Name, r.Timestamp.Minute)));
    }

    [Fact]
    public void Events_k8s_io_events_one_a_line_are_read_and_one_with_no_time_is_rejected_naming_its_line_and_field()
    {
        var path = _inputs.Write("events.jsonl",
            """{"apiVersion":"events.k8s.io/v1","kind":"Event","eventTime":"2026-01-05T00:30:00.250000Z","reason":"Killing","note":"Container cart failed liveness probe, will be restarted","regarding":{"kind":"Pod","name":"cart-7d9f6c8b5d-x2k9q","fieldPath":"spec.containers{cart}"},"reportingController":"kubelet","series":{"count":3,"lastObservedTime":"2026-01-05T00:31:00.000000Z"}}""",
            """{"apiVersion":"events.k8s.io/v1","kind":"Event","reason":"Pulled","note":"Container image already present","regarding":{"kind":"Pod","name":"cart-7d9f6c8b5d-x2k9q"},"reportingController":"kubelet"}""",
            """{"type":"ADDED","object":{"kind":"Event","involvedObject":{"kind":"StatefulSet","name":"redis"},"reason":"SuccessfulCreate","message":"create Pod redis-2 in StatefulSet redis successful","firstTimestamp":"2026-01-05T00:32:00Z"}}""");

        var (records, rejects) = InputFolder.Read(path);

        Assert.Equal(
            [
                ("restart", "cart", Start.AddMinutes(30).AddMilliseconds(250)),
                ("restart", "cart", Start.AddMinutes(31)),
                ("successful_create", "redis", Start.AddMinutes(32)),
            ],
            records.Select(static r => (r.Name, r.Service, r.Timestamp)));
        Assert.Equal(1, rejects.Count);
        Assert.Contains("events.jsonl, line 2, event.firstTimestamp: missing or not a time", Assert.Single(rejects.Reasons));
    }

    [Theory]
    [InlineData("Pod", "cart-7d9f6c8b5d-x2k9q", "cart")]
    [InlineData("Pod", "node-exporter-x2k9q", "node-exporter")]
    [InlineData("Pod", "redis-2", "redis")]
    [InlineData("Pod", "ts-travel-service-5c66d57d58-6mp2b", "ts-travel-service")]
    [InlineData("ReplicaSet", "cart-7d9f6c8b5d", "cart")]
    [InlineData("Deployment", "cart", "cart")]
    public void An_objects_service_is_its_workload(string kind, string name, string service)
    {
        Assert.Equal(service, KubernetesEventsReader.Origin(kind, name, fieldPath: null).Service);
    }

    private static string Scaling(string time, string message) =>
        $$"""{"kind":"Event","involvedObject":{"kind":"Deployment","name":"cart"},"reason":"ScalingReplicaSet","message":"{{message}}","firstTimestamp":"2026-01-05T{{time}}Z","lastTimestamp":"2026-01-05T{{time}}Z"}""";

    public void Dispose() => _inputs.Dispose();
}
