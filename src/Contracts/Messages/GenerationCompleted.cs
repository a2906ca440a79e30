namespace AnomalyPlatform.Contracts.Messages;

/// <summary>Sent once by the generator after its last batch: how many batches and records make up the run.</summary>
public sealed record GenerationCompleted(int BatchCount, long RecordCount) : IntegrationMessage
{
    public override string MessageId => $"{RunId}/generation-completed";
}
