using System.Net;
using System.Net.Sockets;

namespace AnomalyPlatform.EndToEnd.Tests.Distributed;

/// <summary>
/// A TCP forwarder to an endpoint that a test can take down and bring back, the way a network outage or an endpoint
/// restart looks to a client: while down, new connections are refused and open ones are cut.
/// </summary>
internal sealed class TcpOutageProxy : IAsyncDisposable
{
    private readonly IPEndPoint _target;
    private readonly Lock _gate = new();
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _disposed = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    public TcpOutageProxy(Uri target)
    {
        _target = new IPEndPoint(IPAddress.Loopback, target.Port);
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        Port = ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>Starts (or resumes) forwarding.</summary>
    public void Up()
    {
        lock (_gate)
        {
            if (_listener is not null)
            {
                return;
            }

            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _accepting = AcceptAsync(_listener);
        }
    }

    /// <summary>Refuses new connections and cuts the open ones.</summary>
    public void Down()
    {
        lock (_gate)
        {
            _listener?.Stop();
            _listener = null;
            foreach (var client in _open)
            {
                client.Client.LingerState = new LingerOption(true, 0);
                client.Dispose();
            }

            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        Down();
        try
        {
            await _accepting;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }

        _disposed.Dispose();
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_disposed.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await listener.AcceptTcpClientAsync(_disposed.Token);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                return;
            }

            _ = ForwardAsync(incoming);
        }
    }

    private async Task ForwardAsync(TcpClient incoming)
    {
        var outgoing = new TcpClient();
        lock (_gate)
        {
            _open.Add(incoming);
            _open.Add(outgoing);
        }

        try
        {
            await outgoing.ConnectAsync(_target, _disposed.Token);
            var client = incoming.GetStream();
            var server = outgoing.GetStream();
            await Task.WhenAny(client.CopyToAsync(server, _disposed.Token), server.CopyToAsync(client, _disposed.Token));
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
        }
        finally
        {
            lock (_gate)
            {
                _open.Remove(incoming);
                _open.Remove(outgoing);
            }

            incoming.Dispose();
            outgoing.Dispose();
        }
    }
}
