using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCenter.Telephony.Tests.Support;

/// <summary>A logger that keeps the event ids it saw (to assert that drops are counted and logged).</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<(int Id, LogLevel Level, string Text)> _entries = new();

    public IReadOnlyCollection<(int Id, LogLevel Level, string Text)> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => NullLogger.Instance.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => _entries.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
}
