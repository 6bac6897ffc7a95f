using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContactCenter.Testing;

/// <summary>Messages one hub connection received, in order.</summary>
public sealed class HubRecorder(HubConnection connection, TimeSpan? timeout = null)
{
    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(15);

    private readonly List<(string Method, JsonElement Message)> _messages = [];
    private readonly Channel<bool> _arrived = Channel.CreateUnbounded<bool>();

    public HubConnection Connection { get; } = connection;

    public IReadOnlyList<(string Method, JsonElement Message)> Messages
    {
        get
        {
            lock (_messages)
            {
                return [.. _messages];
            }
        }
    }

    public IReadOnlyList<JsonElement> Of(string method) => [.. Messages.Where(m => m.Method == method).Select(m => m.Message)];

    public void Add(string method, JsonElement message)
    {
        lock (_messages)
        {
            _messages.Add((method, message.Clone()));
        }

        _arrived.Writer.TryWrite(true);
    }

    /// <summary>Waits for the first message of <paramref name="method"/> that matches, and returns it.</summary>
    public async Task<JsonElement> WaitForAsync(string method, Func<JsonElement, bool>? match = null)
    {
        var deadline = Environment.TickCount64 + (long)_timeout.TotalMilliseconds;
        while (true)
        {
            var found = Of(method).Where(m => match?.Invoke(m) ?? true).ToList();
            if (found.Count > 0)
            {
                return found[0];
            }

            var left = deadline - Environment.TickCount64;
            if (left <= 0)
            {
                Assert.Fail($"no {method} message arrived; got: {string.Join(", ", Messages.Select(m => m.Method))}");
            }

            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(Math.Min(left, 200)));
            try
            {
                await _arrived.Reader.ReadAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Look again.
            }
        }
    }
}
