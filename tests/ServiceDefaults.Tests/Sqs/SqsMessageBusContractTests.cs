using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;
using AnomalyPlatform.ServiceDefaults.Tests.Messaging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>The messaging port's contract suite on the SQS adapter, against the fauxqs emulator.</summary>
[Collection(FauxqsCollection.Name)]
public sealed class SqsMessageBusContractTests(FauxqsFixture fauxqs) : MessageBusContractTests
{
    protected override IHost CreateHost(Action<IServiceCollection> registerHandlers, IDictionary<string, string?>? settings = null) =>
        SqsTestHost.Create(fauxqs, SqsTestHost.NewPrefix(), registerHandlers, settings);
}
