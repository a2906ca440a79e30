using System.Threading.Channels;

namespace AnomalyPlatform.Generator.Runs;

/// <summary>
/// The runs accepted over HTTP and not yet generated, in order. Generation is CPU-bound, so the service generates one
/// run at a time; the runs already generated meanwhile flow through detection and root cause side by side, apart by run id.
/// </summary>
public sealed class RunQueue
{
    private readonly Channel<GeneratorOptions> _runs = Channel.CreateUnbounded<GeneratorOptions>(new UnboundedChannelOptions { SingleReader = true });
    private readonly HashSet<string> _runIds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Queues <paramref name="run"/>; false when a run with its id was already accepted by this service.</summary>
    public bool TryEnqueue(GeneratorOptions run)
    {
        ArgumentNullException.ThrowIfNull(run);
        lock (_gate)
        {
            if (!_runIds.Add(run.ResolveRunId()))
            {
                return false;
            }
        }

        return _runs.Writer.TryWrite(run);
    }

    public IAsyncEnumerable<GeneratorOptions> ReadAllAsync(CancellationToken cancellationToken) => _runs.Reader.ReadAllAsync(cancellationToken);
}
