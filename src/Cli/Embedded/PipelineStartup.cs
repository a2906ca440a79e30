using System.Net.Sockets;
using Amazon.Runtime;
using AnomalyPlatform.ServiceDefaults.Configuration;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>Why a pipeline host could not start, as the exit code and the one message a user needs.</summary>
internal sealed record StartFailure(int ExitCode, string Message);

/// <summary>How start failures are shown, the same in both modes.</summary>
internal static class StartFailures
{
    public static void Print(IAnsiConsole errors, StartFailure failure)
    {
        if (failure.ExitCode == EmbeddedPipeline.InvalidConfiguration)
        {
            errors.MarkupLineInterpolated($"[red]Invalid configuration:[/] {failure.Message}");
        }
        else
        {
            errors.MarkupLineInterpolated($"[red]The run could not start:[/] {failure.Message}");
        }
    }
}

/// <summary>Starts a pipeline host, turning bad configuration and an unreachable SQS/S3 endpoint into a clear message.</summary>
internal static class PipelineStartup
{
    /// <summary>
    /// How long start may take beyond <c>Messaging:Sqs:OutageToleranceSeconds</c>, during which queue provisioning
    /// retries an unreachable endpoint with backoff: past both, an endpoint that accepts connections but never answers
    /// is taken as down, so the run ends with a message instead of hanging.
    /// </summary>
    public static readonly TimeSpan HangMargin = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The settings' own check (every options class validated on start), run without starting anything: null when
    /// they hold, else the failure <see cref="StartAsync"/> would give. For work that comes before the start (reading a
    /// day of telemetry), so that a missing API key is said at once.
    /// </summary>
    public static StartFailure? CheckSettings(IHost host)
    {
        try
        {
            host.Services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            return new StartFailure(EmbeddedPipeline.InvalidConfiguration, message);
        }
    }

    /// <summary>Null when the host started; otherwise why not. A cancellation by the user is rethrown.</summary>
    public static async Task<StartFailure?> StartAsync(IHost host, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var startTimeout = HangMargin;
        try
        {
            startTimeout += TimeSpan.FromSeconds(host.Services.GetRequiredService<IOptions<SqsOptions>>().Value.OutageToleranceSeconds);
            timeout.CancelAfter(startTimeout);
            await host.StartAsync(timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } message)
        {
            return new StartFailure(EmbeddedPipeline.InvalidConfiguration, message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unreachable($"no answer within {startTimeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is AmazonServiceException or AmazonClientException or HttpRequestException or SocketException)
        {
            return SqsErrors.IsUnreachable(ex) ? Unreachable(SqsErrors.Describe(ex)) : Refused(SqsErrors.Describe(ex));
        }
    }

    /// <summary>The SQS endpoint the AWS SDK uses, as a user would name it.</summary>
    public static string SqsEndpointDescription() =>
        Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_SQS") is { Length: > 0 } sqs ? sqs
        : Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } any ? any
        : "AWS (default endpoint of the configured region)";

    private static StartFailure Unreachable(string reason) => new(
        EmbeddedPipeline.Failed,
        $"Could not reach SQS/S3 at {SqsEndpointDescription()} to create the run's queues ({reason}). Start the emulator " +
        "(fauxqs, see the README) or set AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_S3 to a reachable endpoint, or unset them " +
        "to use real AWS with the default credentials.");

    /// <summary>
    /// A request that failed without the endpoint being down: the SDK could not make it (no credentials, a region or an
    /// endpoint URL it cannot use) or the service refused it. Retrying cannot help and starting the emulator is not the
    /// cure, so the message names the settings to check instead.
    /// </summary>
    private static StartFailure Refused(string reason) => new(
        EmbeddedPipeline.InvalidConfiguration,
        $"SQS/S3 at {SqsEndpointDescription()} could not create the run's queues: {reason.TrimEnd().TrimEnd('.')}. Check the AWS settings: " +
        "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (any values for the emulator, e.g. test and test), AWS_REGION (e.g. " +
        "us-east-1) and AWS_ENDPOINT_URL_SQS and AWS_ENDPOINT_URL_S3 (URLs such as http://localhost:4566).");
}
