using Amazon.CDK;
using Amazon.CDK.AWS.SQS;
using AnomalyPlatform.ServiceDefaults.Messaging;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using Constructs;

namespace AnomalyPlatform.Deploy;

/// <summary>
/// A queue and its dead-letter queue per routed message type, named and configured as the SQS adapter itself would
/// create them (<see cref="SqsQueueNaming"/>, <see cref="SqsOptions"/> and <see cref="MessagingOptions"/> defaults), so
/// the services, which only look them up, find exactly these.
/// </summary>
public sealed class MessageQueues : Construct
{
    private readonly Dictionary<Type, (Queue Queue, Queue DeadLetter)> _queues = [];

    public MessageQueues(Construct scope, string id, string prefix, IEnumerable<Type> messageTypes) : base(scope, id)
    {
        foreach (var type in messageTypes.Distinct())
        {
            var name = SqsQueueNaming.QueueFor(prefix, type);
            var deadLetter = new Queue(this, type.Name + "DeadLetter", new QueueProps
            {
                QueueName = SqsQueueNaming.DeadLetterQueueFor(name),
                RetentionPeriod = Duration.Seconds(SqsOptions.DeadLetterRetentionSeconds),
                Encryption = QueueEncryption.SQS_MANAGED,
                EnforceSSL = true,
            });
            var queue = new Queue(this, type.Name, new QueueProps
            {
                QueueName = name,
                VisibilityTimeout = Duration.Seconds(SqsOptions.DefaultVisibilityTimeoutSeconds),
                RetentionPeriod = Duration.Seconds(SqsOptions.DefaultMessageRetentionSeconds),
                DeadLetterQueue = new DeadLetterQueue { Queue = deadLetter, MaxReceiveCount = MessagingOptions.DefaultMaxReceiveCount },
                Encryption = QueueEncryption.SQS_MANAGED,
                EnforceSSL = true,
            });
            _queues[type] = (queue, deadLetter);
        }
    }

    public IQueue QueueOf(Type messageType) => _queues[messageType].Queue;

    public IEnumerable<IQueue> QueuesOf(IEnumerable<Type> messageTypes) => messageTypes.Select(QueueOf);

    public IEnumerable<IQueue> DeadLetterQueues => _queues.Values.Select(pair => (IQueue)pair.DeadLetter);
}
