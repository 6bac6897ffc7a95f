using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ContactCenter.Telephony.Tests.Support;

/// <summary>One log entry: the event id, level, formatted text and the structured values of the message template.</summary>
internal sealed record LogEntry(int Id, LogLevel Level, string Text, IReadOnlyDictionary<string, object?> Values);

/// <summary>A logger that keeps what it saw (to assert that drops are counted and logged, or read a logged delay).</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyCollection<LogEntry> Entries => _entries;

    /// <summary>The entries with event id <paramref name="id"/>, in order.</summary>
    public IReadOnlyList<LogEntry> WithId(int id) => _entries.Where(e => e.Id == id).ToList();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => NullLogger.Instance.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
            ? pairs.Where(p => p.Key != "{OriginalFormat}").ToDictionary(p => p.Key, p => p.Value)
            : new Dictionary<string, object?>();
        _entries.Enqueue(new LogEntry(eventId.Id, logLevel, formatter(state, exception), values));
    }
}

/// <summary>A logger factory that hands every category the same logger.</summary>
internal sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => logger;

    public void Dispose()
    {
    }
}
