namespace ContactCenter.Telephony.Agi;

/// <summary>An IVR script run for one FastAGI session.</summary>
public interface IAgiScript
{
    /// <summary>
    /// Runs the script. <paramref name="cancellationToken"/> is cancelled when Asterisk reports <c>HANGUP</c>,
    /// the connection closes or the server stops. Dead-channel-safe commands (SET/GET VARIABLE, EXEC,
    /// VERBOSE, DATABASE, NOOP) still work after a hang-up if sent with another token.
    /// </summary>
    Task ExecuteAsync(AgiSession session, CancellationToken cancellationToken);
}

/// <summary>Chooses the script for a session from the path of <c>agi_network_script</c> (case-insensitive, query removed).</summary>
public sealed class AgiScriptRouter
{
    private readonly Dictionary<string, IAgiScript> _scripts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The script for paths nobody mapped, or null to close such sessions.</summary>
    public IAgiScript? Fallback { get; set; }

    /// <summary>Maps <paramref name="path"/> (e.g. <c>survey</c>) to <paramref name="script"/>.</summary>
    public AgiScriptRouter Map(string path, IAgiScript script)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(script);
        _scripts[path.Trim('/')] = script;
        return this;
    }

    /// <summary>Maps <paramref name="path"/> to a delegate.</summary>
    public AgiScriptRouter Map(string path, Func<AgiSession, CancellationToken, Task> script)
    {
        ArgumentNullException.ThrowIfNull(script);
        return Map(path, new DelegateScript(script));
    }

    /// <summary>The script for <paramref name="path"/>, the fallback, or null.</summary>
    public IAgiScript? Resolve(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return _scripts.TryGetValue(path.Trim('/'), out var script) ? script : Fallback;
    }

    private sealed class DelegateScript(Func<AgiSession, CancellationToken, Task> run) : IAgiScript
    {
        public Task ExecuteAsync(AgiSession session, CancellationToken cancellationToken) => run(session, cancellationToken);
    }
}
