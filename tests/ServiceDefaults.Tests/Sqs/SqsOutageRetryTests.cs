using System.Net;
using System.Net.Sockets;
using Amazon.SQS;
using Amazon.SQS.Model;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

public sealed class SqsOutageRetryTests
{
    private static SqsOutageRetry Retry(int toleranceSeconds, TransportFailureLog? failures = null) =>
        new(Options.Create(new SqsOptions { OutageToleranceSeconds = toleranceSeconds }), failures ?? new TransportFailureLog(), NullLogger<SqsOutageRetry>.Instance);

    public static TheoryData<Exception, bool> Failures => new()
    {
        { new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)), true },
        { new AmazonSQSException("unavailable", Amazon.Runtime.ErrorType.Receiver, "ServiceUnavailable", "r", HttpStatusCode.ServiceUnavailable), true },
        { new AmazonSQSException("slow down", Amazon.Runtime.ErrorType.Sender, "ThrottlingException", "r", HttpStatusCode.BadRequest), true },
        { new IOException("connection reset by peer"), true },
        { new QueueDoesNotExistException("no such queue"), false },
        { new AmazonSQSException("denied", Amazon.Runtime.ErrorType.Sender, "AccessDenied", "r", HttpStatusCode.Forbidden), false },
        { new InvalidDataException("bad body"), false },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void Only_failures_that_time_can_cure_are_retried(Exception failure, bool transient)
    {
        Assert.Equal(transient, SqsOutageRetry.IsTransient(failure));
    }

    [Fact]
    public async Task Call_that_fails_while_the_endpoint_is_down_succeeds_once_it_is_back()
    {
        var attempts = 0;

        var result = await Retry(toleranceSeconds: 60).ExecuteAsync("SendMessageBatch", _ =>
            ++attempts < 3 ? throw new HttpRequestException("Connection refused") : Task.FromResult("sent"), CancellationToken.None);

        Assert.Equal(("sent", 3), (result, attempts));
    }

    [Fact]
    public async Task Outage_longer_than_the_tolerance_surfaces_the_last_error_and_a_refusal_is_not_retried()
    {
        var outageAttempts = 0;
        var refusedAttempts = 0;

        var outage = await Assert.ThrowsAsync<HttpRequestException>(() => Retry(toleranceSeconds: 2).ExecuteAsync<string>("CreateQueue", _ =>
        {
            outageAttempts++;
            throw new HttpRequestException("Connection refused");
        }, CancellationToken.None));
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => Retry(toleranceSeconds: 60).ExecuteAsync<string>("GetQueueUrl", _ =>
        {
            refusedAttempts++;
            throw new QueueDoesNotExistException("no such queue");
        }, CancellationToken.None));

        Assert.Equal("Connection refused", outage.Message);
        Assert.InRange(outageAttempts, 2, 3);
        Assert.Equal(1, refusedAttempts);
    }

    [Fact]
    public async Task Outage_past_the_tolerance_and_a_vanished_queue_are_reported_as_transport_failures_and_a_blip_is_not()
    {
        var failures = new TransportFailureLog();
        var reported = new List<TransportFailure>();
        failures.Added += reported.Add;
        var blipAttempts = 0;

        await Retry(toleranceSeconds: 60, failures).ExecuteAsync("SendMessageBatch", _ =>
            ++blipAttempts < 2 ? throw new HttpRequestException("Connection refused") : Task.FromResult("sent"), CancellationToken.None);
        await Assert.ThrowsAsync<HttpRequestException>(() => Retry(toleranceSeconds: 1, failures).ExecuteAsync<string>("ReceiveMessage",
            _ => throw new HttpRequestException("Connection refused"), CancellationToken.None, "run-queue"));
        // The SDK puts the service's answer on the outer exception and an uninformative internal one inside it.
        await Assert.ThrowsAsync<QueueDoesNotExistException>(() => Retry(toleranceSeconds: 60, failures).ExecuteAsync<string>("SendMessageBatch",
            _ => throw new QueueDoesNotExistException("The specified queue does not exist.", new InvalidOperationException("Exception of type X was thrown.")),
            CancellationToken.None, "gone-queue"));

        Assert.Collection(reported,
            outage => Assert.Equal(("ReceiveMessage", "run-queue", "Connection refused", false), (outage.Operation, outage.Destination, outage.Reason, outage.ResourceMissing)),
            gone => Assert.Equal(("SendMessageBatch", "gone-queue", "The specified queue does not exist.", true), (gone.Operation, gone.Destination, gone.Reason, gone.ResourceMissing)));
        Assert.True(reported[0].FailingFor >= TimeSpan.FromSeconds(1));
    }
}
