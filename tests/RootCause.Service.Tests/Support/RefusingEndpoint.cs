using System.Net;
using System.Net.Sockets;

namespace AnomalyPlatform.RootCause.Tests.Support;

/// <summary>
/// A base URL on 127.0.0.1 whose port was bound and closed again, so a connection to it is refused at once (a free
/// port from the system, not a fixed one another test or program might be listening on).
/// </summary>
internal static class RefusingEndpoint
{
    public static string BaseUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/v1";
    }
}
