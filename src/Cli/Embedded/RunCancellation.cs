using System.Runtime.InteropServices;

namespace AnomalyPlatform.Cli.Embedded;

/// <summary>
/// Turns the first Ctrl+C or SIGTERM into a cancellation of the run, so that it stops its host and service processes and
/// reports "Cancelled"; a second signal terminates at once, as usual.
/// </summary>
internal sealed class RunCancellation : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly PosixSignalRegistration[] _registrations;

    public RunCancellation(CancellationToken commandLineToken)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(commandLineToken);
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (_source.IsCancellationRequested)
        {
            return;
        }

        context.Cancel = true;
        _source.Cancel();
    }
}
