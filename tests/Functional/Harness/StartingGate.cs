using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace GoogleLogin.Tests.Functional;

/// <summary>How a round of <see cref="StartingGate"/> lets its connections through once all have arrived.</summary>
internal enum GateRound
{
    /// <summary>All at once: their first statements race.</summary>
    Together,

    /// <summary>The first to arrive, and the others when it has closed: they find its work done.</summary>
    OneThenRest,
}

/// <summary>
/// A loopback TCP proxy in front of a PostgreSQL server that lets connections through in rounds, one round
/// per entry of <c>rounds</c>: it holds each new connection until <c>participants</c> of them are waiting (or
/// the round has waited too long), then lets the round through as the entry says; after the last round, every
/// connection goes straight through. Instances started together reach the database seconds apart; through
/// the gate, each one's first, second… connection is lined up with the others', so the races of a concurrent
/// start happen in the order a test chooses on every run, not by rare chance.
/// </summary>
internal sealed class StartingGate : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly string _upstreamHost;
    private readonly int _upstreamPort;
    private readonly int _participants;
    private readonly GateRound[] _rounds;
    private readonly TimeSpan _firstRoundWait;
    private readonly TimeSpan _laterRoundWait;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _tasks = [];
    private readonly List<TcpClient> _sockets = [];
    private readonly Lock _gate = new();
    private RoundState _current = new();
    private int _round;

    private StartingGate(string connectionString, int participants, GateRound[] rounds, TimeSpan firstRoundWait, TimeSpan laterRoundWait)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        _upstreamHost = builder.Host ?? "127.0.0.1";
        _upstreamPort = builder.Port;
        _participants = participants;
        _rounds = rounds;
        _firstRoundWait = firstRoundWait;
        _laterRoundWait = laterRoundWait;
        _listener.Start();
        // A server reached through a Unix socket (TEST_POSTGRES_CONNECTION may name one) is reached directly.
        ConnectionString = _upstreamHost.StartsWith('/')
            ? connectionString
            : new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = ((IPEndPoint)_listener.LocalEndpoint).Port }.ConnectionString;
        _tasks.Add(AcceptAsync());
    }

    /// <summary>The same database, reached through the gate.</summary>
    public string ConnectionString { get; }

    /// <summary>How many rounds opened because all participants had arrived, rather than after the longest wait.</summary>
    public int FullRounds { get; private set; }

    /// <summary>Starts a gate for <paramref name="participants"/> instances; its rounds wait 30 s (the first) or 5 s at most.</summary>
    public static StartingGate Start(string connectionString, int participants, params GateRound[] rounds) =>
        new(connectionString, participants, rounds, firstRoundWait: TimeSpan.FromSeconds(30), laterRoundWait: TimeSpan.FromSeconds(5));

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                lock (_gate)
                {
                    _sockets.Add(client);
                    var (open, closed) = Arrive();
                    _tasks.Add(PassThroughAsync(client, open, closed));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    /// <summary>When this connection may go through, and what its closing releases. Called under the lock.</summary>
    private (Task Open, TaskCompletionSource? Closed) Arrive()
    {
        if (_round >= _rounds.Length)
        {
            return (Task.CompletedTask, null);
        }

        var state = _current;
        var first = ++state.Waiting == 1;
        if (first)
        {
            // A round that never fills opens in the end, so a participant that never comes only costs time.
            var round = _round;
            _tasks.Add(Task.Delay(round == 0 ? _firstRoundWait : _laterRoundWait, _stop.Token)
                .ContinueWith(_ => OpenRound(round, full: false), TaskScheduler.Default));
        }

        var arrival = _rounds[_round] == GateRound.OneThenRest && !first
            ? (state.Rest.Task, (TaskCompletionSource?)null)
            : (state.Open.Task, _rounds[_round] == GateRound.OneThenRest ? state.Rest : null);
        if (state.Waiting == _participants)
        {
            OpenRound(_round, full: true);
        }

        return arrival;
    }

    private void OpenRound(int round, bool full)
    {
        lock (_gate)
        {
            if (round != _round)
            {
                return;
            }

            FullRounds += full ? 1 : 0;
            _current.Open.TrySetResult();
            var rest = _current.Rest;
            if (full)
            {
                // Nor may the rest wait for ever on a first connection that stays open.
                _tasks.Add(Task.Delay(_laterRoundWait, _stop.Token).ContinueWith(_ => rest.TrySetResult(), TaskScheduler.Default));
            }
            else
            {
                // Nobody may be left waiting for a first connection that never came.
                rest.TrySetResult();
            }

            _current = new RoundState();
            _round++;
        }
    }

    private async Task PassThroughAsync(TcpClient client, Task open, TaskCompletionSource? closed)
    {
        var upstream = new TcpClient();
        lock (_gate)
        {
            _sockets.Add(upstream);
        }

        try
        {
            await open.WaitAsync(_stop.Token);
            await upstream.ConnectAsync(_upstreamHost, _upstreamPort, _stop.Token);
            var downstreamStream = client.GetStream();
            var upstreamStream = upstream.GetStream();
            // Either side closing ends the connection.
            await Task.WhenAny(
                downstreamStream.CopyToAsync(upstreamStream, _stop.Token),
                upstreamStream.CopyToAsync(downstreamStream, _stop.Token));
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
        {
            // A side closed, or the gate stopped.
        }
        finally
        {
            client.Dispose();
            upstream.Dispose();
            closed?.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        Task[] tasks;
        lock (_gate)
        {
            _sockets.ForEach(s => s.Dispose());
            tasks = [.. _tasks];
        }

        await Task.WhenAll(tasks);
        _stop.Dispose();
    }

    private sealed class RoundState
    {
        public TaskCompletionSource Open { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Rest { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Waiting { get; set; }
    }
}
