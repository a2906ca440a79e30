using Amazon.SQS;
using AnomalyPlatform.ServiceDefaults.Messaging.Sqs;
using AnomalyPlatform.ServiceDefaults.Tests.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AnomalyPlatform.ServiceDefaults.Tests.Sqs;

/// <summary>
/// The watchers of the services' queues look now and then until the process stops: a look that fails is logged and the
/// next tick looks again, and the first look comes at start or one interval later as the watcher asks.
/// </summary>
public sealed class SqsQueueWatcherTests
{
    [Fact]
    public async Task A_look_that_fails_is_logged_and_the_next_tick_looks_again()
    {
        using var logs = new ScopeCapturingLoggerProvider();
        using var watcher = new TestWatcher(logs.CreateLogger("watcher"), looksAtStart: true, failures: 2);

        await watcher.StartAsync(CancellationToken.None);
        await watcher.Looked(4).WaitAsync(TimeSpan.FromSeconds(30));
        await watcher.StopAsync(CancellationToken.None);

        Assert.Equal(2, logs.Lines.Count(line => line.Message == "Could not look at the test queues under ap-test-; looking again shortly"));
        Assert.All(logs.Lines, line => Assert.IsType<AmazonSQSException>(line.Exception));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_first_look_comes_at_start_or_one_interval_later(bool looksAtStart)
    {
        using var logs = new ScopeCapturingLoggerProvider();
        using var watcher = new TestWatcher(logs.CreateLogger("watcher"), looksAtStart, failures: 0, interval: TimeSpan.FromMinutes(10));

        await watcher.StartAsync(CancellationToken.None);
        var first = watcher.Looked(1);
        var came = await Task.WhenAny(first, Task.Delay(TimeSpan.FromSeconds(looksAtStart ? 30 : 1))) == first;
        await watcher.StopAsync(CancellationToken.None);

        Assert.Equal(looksAtStart, came);
    }

    private sealed class TestWatcher(ILogger logger, bool looksAtStart, int failures, TimeSpan? interval = null)
        : SqsQueueWatcher(Options.Create(new SqsOptions { QueuePrefix = "ap-test-" }), logger)
    {
        private readonly object _lock = new();
        private readonly List<(int Looks, TaskCompletionSource Reached)> _waits = [];
        private int _looks;

        public int Looks => Volatile.Read(ref _looks);

        protected override TimeSpan Interval => interval ?? TimeSpan.FromMilliseconds(20);

        protected override bool LooksAtStart => looksAtStart;

        protected override string Watched => "the test queues";

        protected override (string Operation, string Queues) Call(string prefix) => ("ListQueues", prefix + "*");

        /// <summary>Completes once <paramref name="looks"/> looks have been made, failed or not.</summary>
        public Task Looked(int looks)
        {
            lock (_lock)
            {
                var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                if (_looks >= looks)
                {
                    reached.SetResult();
                }
                else
                {
                    _waits.Add((looks, reached));
                }

                return reached.Task;
            }
        }

        protected override Task LookUnderAsync(string prefix, CancellationToken cancellationToken)
        {
            int look;
            lock (_lock)
            {
                look = ++_looks;
                foreach (var wait in _waits.Where(w => w.Looks <= look))
                {
                    wait.Reached.TrySetResult();
                }
            }

            return look <= failures ? Task.FromException(new AmazonSQSException("Throttled")) : Task.CompletedTask;
        }
    }
}
