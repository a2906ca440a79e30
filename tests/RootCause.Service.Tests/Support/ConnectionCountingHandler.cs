using System.Net.Sockets;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>
/// A real <see cref="SocketsHttpHandler"/> that counts the TCP connections it tries to open, refused ones included:
/// what an unreachable endpoint costs is the connections tried, not the requests handed over.
/// </summary>
internal sealed class ConnectionCountingHandler : IDisposable
{
    private int _attempts;

    public ConnectionCountingHandler() => Handler = new SocketsHttpHandler { ConnectCallback = ConnectAsync };

    public SocketsHttpHandler Handler { get; }

    public int Attempts => Volatile.Read(ref _attempts);

    public void Dispose() => Handler.Dispose();

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
