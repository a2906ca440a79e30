namespace AnomalyPlatform.ServiceDefaults.Messaging;

/// <summary>
/// Whether the transport creates a queue again when it finds it gone while the host runs (an emulator that restarted
/// empty, a queue deleted by hand). A long-running service does, which is the default: it carries on, and the messages
/// that were on the queue are lost. A host with a finite job (the command line's run) does not
/// (<see cref="MessagingExtensions.ReportLostQueuesWithoutRecreating"/>): its job cannot complete without those
/// messages, so the loss is only reported to the <see cref="TransportFailureLog"/>, whose listener ends the job.
/// </summary>
internal sealed record LostQueuePolicy(bool Recreate)
{
    public static readonly LostQueuePolicy RecreateAndGoOn = new(Recreate: true);

    public static readonly LostQueuePolicy ReportOnly = new(Recreate: false);
}
