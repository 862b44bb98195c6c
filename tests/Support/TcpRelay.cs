using System.Net;
using System.Net.Sockets;

namespace GoogleLogin.Tests.Support;

/// <summary>
/// A loopback port that relays connections to a server, and can cut them: an outage of that server as the
/// app meets it (connections reset, new ones closed at once), without stopping the server other tests share.
/// </summary>
public sealed class TcpRelay : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _host;
    private readonly int _port;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<TcpClient> _open = [];
    private readonly Task _accepting;
    private bool _down;

    private TcpRelay(string host, int port)
    {
        _host = host;
        _port = port;
        _listener.Start();
        _accepting = AcceptAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public static TcpRelay To(string host, int port) => new(host, port);

    /// <summary>Resets every relayed connection, and closes new ones as they come, until <see cref="Restore"/>.</summary>
    public void Cut()
    {
        lock (_open)
        {
            _down = true;
            foreach (var client in _open)
            {
                Reset(client);
            }

            _open.Clear();
        }
    }

    public void Restore()
    {
        lock (_open)
        {
            _down = false;
        }
    }

    // Linger 0: a reset, as when a server or a network goes away. A socket its relay has closed already is left.
    private static void Reset(TcpClient client)
    {
        try
        {
            client.Client.LingerState = new LingerOption(true, 0);
        }
        catch (ObjectDisposedException)
        {
        }

        client.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _listener.Stop();
        Cut();
        await _accepting.ContinueWith(_ => { }, TaskScheduler.Default);
        _stopping.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            TcpClient incoming;
            try
            {
                incoming = await _listener.AcceptTcpClientAsync(_stopping.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(incoming);
        }
    }

    private async Task RelayAsync(TcpClient incoming)
    {
        var outgoing = new TcpClient();
        lock (_open)
        {
            // Checked with the list locked: a connection accepted as the cut began is cut too.
            if (_down)
            {
                Reset(incoming);
                outgoing.Dispose();
                return;
            }

            _open.Add(incoming);
            _open.Add(outgoing);
        }

        try
        {
            await outgoing.ConnectAsync(_host, _port, _stopping.Token);
            await using var fromApp = incoming.GetStream();
            await using var toServer = outgoing.GetStream();
            // Whichever way ends first ends both.
            await Task.WhenAny(fromApp.CopyToAsync(toServer, _stopping.Token), toServer.CopyToAsync(fromApp, _stopping.Token));
        }
        catch (Exception exception) when (exception is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Cut, or the server or the app closed its end.
        }
        finally
        {
            lock (_open)
            {
                _open.Remove(incoming);
                _open.Remove(outgoing);
            }

            incoming.Dispose();
            outgoing.Dispose();
        }
    }
}
