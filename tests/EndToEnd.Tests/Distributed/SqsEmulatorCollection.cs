using AnomalyPlatform.ServiceDefaults.Tests.Fauxqs;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>The end-to-end runs over SQS share one fauxqs emulator; the fixture points the AWS SDK (and child processes) at it.</summary>
[CollectionDefinition(Name)]
public sealed class SqsEmulatorCollection : ICollectionFixture<FauxqsFixture>
{
    public const string Name = "end-to-end over fauxqs";
}
