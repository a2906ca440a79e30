using System.Net;
using System.Net.Sockets;
using Amazon.SQS;
using Amazon.SQS.Model;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

public sealed class SqsOutageRetryTests
{
    private static SqsOutageRetry Retry(int toleranceSeconds) =>
        new(Options.Create(new SqsOptions { OutageToleranceSeconds = toleranceSeconds }), NullLogger<SqsOutageRetry>.Instance);

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
}
