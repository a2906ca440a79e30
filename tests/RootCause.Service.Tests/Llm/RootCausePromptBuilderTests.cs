using AnomalyPlatform.Contracts.Telemetry;
using AnomalyPlatform.RootCause.Llm;
using AnomalyPlatform.RootCause.Tests.Support;
using static AnomalyPlatform.RootCause.Tests.Support.Anomalies;

namespace AnomalyPlatform.RootCause.Tests.Llm;

public sealed class RootCausePromptBuilderTests
{
    [Fact]
    public void Prompt_holds_services_types_signals_edges_and_changes()
    {
        var prompt = RootCausePromptBuilder.Build(Summaries.PaymentOutage());

        Assert.Contains("- payment: onset +0 s", prompt.User, StringComparison.Ordinal);
        Assert.Contains("error_log_burst x2", prompt.User, StringComparison.Ordinal);
        Assert.Contains("latency_p95_ms", prompt.User, StringComparison.Ordinal);
        Assert.Contains("checkout -> payment (100)", prompt.User, StringComparison.Ordinal);
        Assert.Contains("payment: deploy at -180 s", prompt.User, StringComparison.Ordinal);
        Assert.Contains("1. payment, fault bad_deploy", prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("changes in traffic", prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_of_a_traffic_change_asks_whether_it_reads_as_a_change_in_load()
    {
        var prompt = RootCausePromptBuilder.Build(Summaries.PaymentOutage() with { TrafficChange = true });

        Assert.Contains("Most of its anomalies are changes in traffic (request rates, network bytes), not errors, latency or resources", prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void Prompt_never_contains_record_ids_instances_or_identifying_values()
    {
        var anomalies = new[]
        {
            At(987_654_321, "payment", 0, AnomalyTypes.ErrorLogBurst, name: "conn refused 10.1.2.3 user=alice@example.com"),
            At(987_654_322, "checkout", 30, name: "trace 4bf92f3577b34da6a3ce929d0e0e4736"),
        };

        var summary = Summaries.PaymentOutage(anomalies: anomalies);
        var prompt = RootCausePromptBuilder.Build(summary);
        var sent = prompt.System + prompt.User;

        Assert.DoesNotContain("987654321", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("payment-0", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("10.1.2.3", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", sent, StringComparison.Ordinal);
        Assert.DoesNotContain("4bf92f3577b34da6a3ce929d0e0e4736", sent, StringComparison.Ordinal);
        Assert.DoesNotContain(summary.IncidentId, sent, StringComparison.Ordinal);
        Assert.Contains("<ip>", sent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("host 192.168.0.17 down", "host <ip> down")]
    [InlineData("from fe80:0:0:0:202:b3ff:fe1e:8329", "from <ip>")]
    [InlineData("req 123e4567-e89b-12d3-a456-426614174000", "req <id>")]
    [InlineData("order 12345678", "order <num>")]
    [InlineData("at 2025-01-01T12:03:00Z", "at 2025-01-01T12:03:00Z")]
    [InlineData("http_5xx_rate", "http_5xx_rate")]
    [InlineData("line1\nline2", "line1 line2")]
    [InlineData("login failed user=carol password=s3cr3t", "login failed user=<redacted> password=<redacted>")]
    [InlineData("pod payment-7f9c8d6b5c", "pod payment-<id>")]
    [InlineData("latency_p95_ms", "latency_p95_ms")]
    public void Redactor_masks_identifying_values_and_keeps_metadata(string input, string expected)
    {
        Assert.Equal(expected, MetadataRedactor.Redact(input));
    }
}
