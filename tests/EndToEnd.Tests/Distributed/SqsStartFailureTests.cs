using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AnomalyPlatform.Cli.Embedded;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>A run over SQS that cannot work says why and ends, instead of hanging.</summary>
public sealed class SqsStartFailureTests
{
    // The run retries the endpoint for this long before it gives up.
    private const string OutageToleranceSeconds = "3";

    // Well above the tolerance and PipelineStartup.HangMargin: the run must end by itself, this only keeps a regression
    // from hanging the suite.
    private static readonly TimeSpan Patience = PipelineStartup.HangMargin * 2;

    [Fact]
    public async Task Unreachable_sqs_endpoint_ends_the_run_with_a_clear_error_and_a_non_zero_exit_code()
    {
        var closedPort = ClosedPort();
        var output = Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));
        try
        {
            // A separate process: the endpoint variables are process-wide, and the other SQS tests need the emulator's.
            var (exitCode, console, _, errors) = await CliProcess.RunAsync(
                new Dictionary<string, string>
                {
                    ["Messaging__Sqs__OutageToleranceSeconds"] = OutageToleranceSeconds,
                    ["AWS_ENDPOINT_URL_SQS"] = $"http://127.0.0.1:{closedPort}",
                    ["AWS_ENDPOINT_URL_S3"] = $"http://127.0.0.1:{closedPort}",
                    ["AWS_ACCESS_KEY_ID"] = "test",
                    ["AWS_SECRET_ACCESS_KEY"] = "test",
                    ["AWS_REGION"] = "us-east-1",
                },
                Patience, null, "run", "--records", "1000", "--out", output, "--transport", "sqs");

            Assert.Equal(EmbeddedPipeline.Failed, exitCode);
            Assert.Contains($"The run could not start: Could not reach SQS/S3 at http://127.0.0.1:{closedPort}", errors);
            // It did not give up at the first refusal.
            Assert.Contains("retrying in", console);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("AWS_ACCESS_KEY_ID", "", "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN were not set")]
    [InlineData("AWS_REGION", "not a region", "'not a region' region is not a valid hostname component")]
    [InlineData("AWS_ENDPOINT_URL_SQS,AWS_ENDPOINT_URL_S3", "localhost:4566", "`localhost:4566` was not a valid URI")]
    public async Task A_bad_aws_setting_is_named_as_such_not_reported_as_an_unreachable_endpoint(string variables, string value, string reason)
    {
        var output = Path.Combine(Path.GetTempPath(), "anomaly-e2e-" + Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>
        {
            // Short, so that a setting taken for an outage fails the test quickly (on "retrying in") instead of by patience.
            ["Messaging__Sqs__OutageToleranceSeconds"] = OutageToleranceSeconds,
            ["AWS_ENDPOINT_URL_SQS"] = $"http://127.0.0.1:{ClosedPort()}",
            ["AWS_ENDPOINT_URL_S3"] = $"http://127.0.0.1:{ClosedPort()}",
            ["AWS_ACCESS_KEY_ID"] = "test",
            ["AWS_SECRET_ACCESS_KEY"] = "test",
            ["AWS_REGION"] = "us-east-1",
            // Without credentials the SDK would next ask the EC2 metadata address, which is no machine here; nor may a
            // profile file of this machine's stand in for the missing variables.
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(output, "no-credentials"),
            ["AWS_CONFIG_FILE"] = Path.Combine(output, "no-config"),
        };
        foreach (var variable in variables.Split(','))
        {
            environment[variable] = value;
        }

        try
        {
            var (exitCode, console, _, errors) = await CliProcess.RunAsync(environment, Patience, null, "run", "--records", "1000", "--out", output, "--transport", "sqs");

            Assert.Equal(EmbeddedPipeline.InvalidConfiguration, exitCode);
            Assert.Contains("could not create the run's queues", errors);
            Assert.Contains(reason, console);
            Assert.Contains("Check the AWS settings", console);
            Assert.DoesNotContain("Could not reach", console);
            Assert.DoesNotContain("retrying in", console);
            Assert.DoesNotContain("   at ", console);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_retired_distributed_flags_point_at_the_aspire_application()
    {
        using var run = await PipelineRun.StartAsync("--records", "1000", "--transport", "sqs", "--distributed", "--detectors", "2");

        Assert.Equal(EmbeddedPipeline.InvalidConfiguration, run.ExitCode);
        Assert.Contains("dotnet run --project src/AppHost", run.Errors);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
