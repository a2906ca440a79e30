using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Messaging.Sqs;

/// <summary>
/// Sends messages with SendMessageBatch, up to 10 (and the size limit) per call, one sender loop per queue. It adds no
/// lingering delay: whatever piles up while one call is in flight goes in the next call (group commit), so concurrent
/// publishers share calls and a lone publisher is not slowed. A send completes only when SQS has accepted the message.
/// </summary>
internal sealed class SqsBatchSender(IAmazonSQS sqs, SqsOutageRetry retry, IOptions<SqsOptions> options) : IAsyncDisposable, IDisposable
{
    private readonly IAmazonSQS _sqs = sqs;
    private readonly SqsOutageRetry _retry = retry;
    private readonly int _maxBatchBytes = options.Value.MaxMessageBytes;

    /// <summary>The SendMessageBatch maximum.</summary>
    public const int MaxEntries = 10;

    private readonly ConcurrentDictionary<string, Lazy<QueueSender>> _senders = new();
    private readonly CancellationTokenSource _disposed = new();
    private long _calls;

    /// <summary>SendMessageBatch calls made so far (the measure of how well sends are grouped).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    public Task SendAsync(string queueUrl, SendMessageBatchRequestEntry entry, int bytes, CancellationToken cancellationToken)
    {
        var sender = _senders.GetOrAdd(queueUrl, url => new Lazy<QueueSender>(() => new QueueSender(this, url))).Value;
        return sender.SendAsync(entry, bytes, cancellationToken);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    public async ValueTask DisposeAsync()
    {
        if (_disposed.IsCancellationRequested)
        {
            return;
        }

        foreach (var sender in _senders.Values)
        {
            sender.Value.Complete();
        }

        await Task.WhenAll(_senders.Values.Select(s => s.Value.Loop)).ConfigureAwait(false);
        await _disposed.CancelAsync().ConfigureAwait(false);
    }

    /// <param name="Publisher">The span of the publish that sent the entry, whose trace the call belongs in.</param>
    private sealed record Pending(SendMessageBatchRequestEntry Entry, int Bytes, TaskCompletionSource Sent, Activity? Publisher);

    private sealed class QueueSender
    {
        private readonly SqsBatchSender _owner;
        private readonly string _queueUrl;
        private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
        private Pending? _carried;

        public QueueSender(SqsBatchSender owner, string queueUrl)
        {
            _owner = owner;
            _queueUrl = queueUrl;
            Loop = Task.Run(RunAsync);
        }

        public Task Loop { get; }

        public void Complete() => _pending.Writer.TryComplete();

        public async Task SendAsync(SendMessageBatchRequestEntry entry, int bytes, CancellationToken cancellationToken)
        {
            var pending = new Pending(entry, bytes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), Activity.Current);
            await _pending.Writer.WriteAsync(pending, cancellationToken).ConfigureAwait(false);
            await pending.Sent.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        private async Task RunAsync()
        {
            // The loop outlives the publish that started it: it must not put every later call in that publish's trace.
            Activity.Current = null;
            var batch = new List<Pending>(MaxEntries);
            var maxBytes = _owner._maxBatchBytes;
            while (_carried is not null || await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                batch.Clear();
                var bytes = 0;
                if (_carried is not null)
                {
                    batch.Add(_carried);
                    bytes = _carried.Bytes;
                    _carried = null;
                }

                while (batch.Count < MaxEntries && _pending.Reader.TryRead(out var next))
                {
                    if (batch.Count > 0 && bytes + next.Bytes > maxBytes)
                    {
                        // The batch's total payload has the same cap as one message; this one opens the next batch.
                        _carried = next;
                        break;
                    }

                    batch.Add(next);
                    bytes += next.Bytes;
                }

                if (batch.Count > 0)
                {
                    await SendBatchAsync(batch).ConfigureAwait(false);
                }
            }
        }

        private async Task SendBatchAsync(List<Pending> batch)
        {
            var request = new SendMessageBatchRequest { QueueUrl = _queueUrl, Entries = new List<SendMessageBatchRequestEntry>(batch.Count) };
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Entry.Id = i.ToString(CultureInfo.InvariantCulture);
                request.Entries.Add(batch[i].Entry);
            }

            Interlocked.Increment(ref _owner._calls);
            try
            {
                // Through an outage the batch waits here, and with it every publisher to this queue (back-pressure).
                var response = await SendInTraceAsync(batch, token => _owner._retry.ExecuteAsync(
                    "SendMessageBatch", retryToken => _owner._sqs.SendMessageBatchAsync(request, retryToken), token, _queueUrl), _owner._disposed.Token).ConfigureAwait(false);
                var failed = (response.Failed ?? []).ToDictionary(f => f.Id);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (failed.TryGetValue(batch[i].Entry.Id, out var failure))
                    {
                        batch[i].Sent.TrySetException(new AmazonSQSException(
                            $"SQS refused a message for {_queueUrl}: {failure.Code} {failure.Message}"));
                    }
                    else
                    {
                        batch[i].Sent.TrySetResult();
                    }
                }
            }
            catch (Exception ex)
            {
                foreach (var pending in batch)
                {
                    pending.Sent.TrySetException(ex);
                }
            }
        }

        /// <summary>
        /// Makes the call in the trace of the first publish it carries (a batch is shared by publishers, the call has one
        /// parent); a batch no traced publish sent is plumbing, untraced unless it fails.
        /// </summary>
        private Task<SendMessageBatchResponse> SendInTraceAsync(
            List<Pending> batch, Func<CancellationToken, Task<SendMessageBatchResponse>> send, CancellationToken cancellationToken)
        {
            var publisher = batch.Find(pending => pending.Publisher is not null)?.Publisher;
            if (publisher is null)
            {
                return UntracedCall.RunAsync(UntracedCall.Sqs, "SendMessageBatch", QueueName, send, cancellationToken);
            }

            return SendUnderAsync(publisher, send, cancellationToken);
        }

        private static async Task<SendMessageBatchResponse> SendUnderAsync(
            Activity publisher, Func<CancellationToken, Task<SendMessageBatchResponse>> send, CancellationToken cancellationToken)
        {
            // An async-local: current for this call only, the loop's context is left as it was.
            Activity.Current = publisher;
            return await send(cancellationToken).ConfigureAwait(false);
        }

        private string QueueName => _queueUrl[(_queueUrl.LastIndexOf('/') + 1)..];
    }
}
