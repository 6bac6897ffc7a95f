using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace ContactCenter.Telephony.Ami;

/// <summary>What the first line of an AMI message says it is.</summary>
public enum AmiMessageKind
{
    /// <summary>The first line is not <c>Event:</c> or <c>Response:</c> (garbage or an unknown format).</summary>
    Other,

    /// <summary>The first line is <c>Event: Name</c>. An <c>OriginateResponse</c> event is an event even though it carries <c>Response:</c>.</summary>
    Event,

    /// <summary>The first line is <c>Response: Success|Error|Follows|Goodbye</c>.</summary>
    Response,
}

/// <summary>
/// One AMI message: an ordered, case-insensitive multimap of headers that keeps repeated keys
/// (<c>ChanVariable</c>, <c>Output</c>) and empty values. The raw UTF-8 bytes are kept and values are
/// decoded only when read, so events nobody reads cost no strings.
/// </summary>
/// <remarks>
/// Events handed to handlers are valid until the handler's task completes (their buffers are pooled);
/// call <see cref="Detach"/> to keep one longer. Action responses and list items are always detached.
/// </remarks>
public sealed class AmiMessage
{
    // Per line: start, length, key length (-1 when the line has no colon), value start (relative).
    internal const int Stride = 4;

    private byte[]? _data;
    private int[]? _lines;
    private readonly int _lineCount;
    private readonly bool _pooled;
    private string? _actionId;
    private bool _actionIdRead;

    internal AmiMessage(byte[] data, int[] lines, int lineCount, bool pooled, bool truncated)
    {
        _data = data;
        _lines = lines;
        _lineCount = lineCount;
        _pooled = pooled;
        IsTruncated = truncated;
        var first = lineCount > 0 ? KeySpan(0) : default;
        if (lineCount > 0 && AmiText.KeyEquals(first, "Event"))
        {
            Kind = AmiMessageKind.Event;
        }
        else if (lineCount > 0 && AmiText.KeyEquals(first, "Response"))
        {
            Kind = AmiMessageKind.Response;
        }
        Name = lineCount > 0 && Kind != AmiMessageKind.Other ? AmiNameCache.Get(ValueSpan(0)) : string.Empty;
    }

    /// <summary>Event, response or other, decided by the first line only.</summary>
    public AmiMessageKind Kind { get; }

    /// <summary>The event name (<c>QueueCallerJoin</c>) or the response status (<c>Success</c>); empty for <see cref="AmiMessageKind.Other"/>.</summary>
    public string Name { get; }

    /// <summary>True when the reader dropped lines of this message because they broke a limit.</summary>
    public bool IsTruncated { get; }

    /// <summary>True for an event called <paramref name="eventName"/> (case-insensitive).</summary>
    public bool IsEvent(string eventName) => Kind == AmiMessageKind.Event && string.Equals(Name, eventName, StringComparison.OrdinalIgnoreCase);

    /// <summary>True for <c>Response: Success</c> (and <c>Follows</c>/<c>Goodbye</c>, which also mean the action worked).</summary>
    public bool IsSuccess => Kind == AmiMessageKind.Response && !string.Equals(Name, "Error", StringComparison.OrdinalIgnoreCase);

    /// <summary>The ActionID header, or null.</summary>
    public string? ActionId
    {
        get
        {
            if (!_actionIdRead)
            {
                _actionId = this["ActionID"];
                _actionIdRead = true;
            }
            return _actionId;
        }
    }

    /// <summary>The <c>Message:</c> header, or null.</summary>
    public string? Message => this["Message"];

    /// <summary>Number of header lines, the first (<c>Event:</c>/<c>Response:</c>) included.</summary>
    public int Count => _lineCount;

    /// <summary>The first value of <paramref name="key"/> (case-insensitive), <c>""</c> when empty, null when absent.</summary>
    public string? this[string key] => TryGetValue(key, out var value) ? AmiText.Decode(value) : null;

    /// <summary>The key of header <paramref name="index"/> (empty for a raw line without a colon).</summary>
    public string KeyAt(int index) => Encoding.UTF8.GetString(KeySpan(Check(index)));

    /// <summary>The value of header <paramref name="index"/> (the whole line for a raw line without a colon).</summary>
    public string ValueAt(int index) => AmiText.Decode(ValueSpan(Check(index)));

    /// <summary>Every value of <paramref name="key"/> in order, empty values kept.</summary>
    public IReadOnlyList<string> GetAll(string key)
    {
        List<string>? values = null;
        for (var i = 0; i < _lineCount; i++)
        {
            if (HasKey(i) && AmiText.KeyEquals(KeySpan(i), key))
            {
                (values ??= []).Add(AmiText.Decode(ValueSpan(i)));
            }
        }
        return values ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The raw UTF-8 bytes of the first value of <paramref name="key"/>, without decoding.</summary>
    public bool TryGetValue(string key, out ReadOnlySpan<byte> utf8Value)
    {
        ArgumentNullException.ThrowIfNull(key);
        for (var i = 0; i < _lineCount; i++)
        {
            if (HasKey(i) && AmiText.KeyEquals(KeySpan(i), key))
            {
                utf8Value = ValueSpan(i);
                return true;
            }
        }
        utf8Value = default;
        return false;
    }

    /// <summary>
    /// The raw UTF-8 value after <c>name=</c> of the first <paramref name="key"/> header that assigns <paramref name="name"/>
    /// (ASCII case-insensitive), as in <c>ChanVariable: CC_CALLID=…</c>. Decodes nothing: other headers cost no allocation.
    /// </summary>
    internal bool TryGetAssignment(string key, string name, out ReadOnlySpan<byte> utf8Value)
    {
        for (var i = 0; i < _lineCount; i++)
        {
            if (!HasKey(i) || !AmiText.KeyEquals(KeySpan(i), key))
            {
                continue;
            }
            var value = ValueSpan(i);
            if (value.Length > name.Length && value[name.Length] == (byte)'=' && AmiText.KeyEquals(value[..name.Length], name))
            {
                utf8Value = value[(name.Length + 1)..];
                return true;
            }
        }
        utf8Value = default;
        return false;
    }

    /// <summary>True when <paramref name="key"/> is present (even with an empty value).</summary>
    public bool Contains(string key) => TryGetValue(key, out _);

    /// <summary>True when the first value of <paramref name="key"/> equals <paramref name="expected"/> (ASCII case-insensitive), without allocating.</summary>
    public bool ValueEquals(string key, string expected) => TryGetValue(key, out var value) && AmiText.KeyEquals(value, expected);

    /// <summary>Parses the first value of <paramref name="key"/> as an integer, without allocating.</summary>
    public bool TryGetInt64(string key, out long value)
    {
        value = 0;
        return TryGetValue(key, out var span) && Utf8Parser.TryParse(span, out value, out var used) && used == span.Length;
    }

    /// <summary>The integer value of <paramref name="key"/>, or null when absent or not a number.</summary>
    public int? GetInt32(string key) => TryGetInt64(key, out var v) && v is >= int.MinValue and <= int.MaxValue ? (int)v : null;

    /// <summary>The value of a field Asterisk C-escapes (<c>\"</c>, <c>\\</c>, <c>\n</c>…), unescaped. See <see cref="AmiEscaping"/>.</summary>
    public string? GetUnescaped(string key) => this[key] is { } raw ? AmiEscaping.Unescape(raw) : null;

    /// <summary>Returns a copy that owns its memory and stays valid after the handler returns (this instance when already owned).</summary>
    public AmiMessage Detach()
    {
        var data = Data;
        if (!_pooled)
        {
            return this;
        }
        var lines = _lines!;
        var end = _lineCount == 0 ? 0 : lines[(_lineCount - 1) * Stride] + lines[((_lineCount - 1) * Stride) + 1];
        return new AmiMessage(data.AsSpan(0, end).ToArray(), lines.AsSpan(0, _lineCount * Stride).ToArray(), _lineCount, pooled: false, IsTruncated);
    }

    /// <summary>The message as text, one <c>Key: value</c> line per header.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        for (var i = 0; i < _lineCount; i++)
        {
            builder.Append(Encoding.UTF8.GetString(LineSpan(i))).Append("\r\n");
        }
        return builder.ToString();
    }

    /// <summary>Parses one message from text (tests and tools); lines separated by <c>\n</c> or <c>\r\n</c>.</summary>
    public static AmiMessage Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new AmiFrameReader(new AmiFrameLimits());
        var bytes = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(text.TrimEnd('\r', '\n') + "\r\n\r\n"));
        return reader.TryReadMessage(ref bytes, out var message)
            ? message.Detach()
            : throw new FormatException("The text holds no AMI message.");
    }

    internal bool IsRawLine(int index) => _lines![(index * Stride) + 2] < 0;

    internal ReadOnlySpan<byte> LineSpan(int index)
    {
        var lines = _lines!;
        return Data.AsSpan(lines[index * Stride], lines[(index * Stride) + 1]);
    }

    internal void Release()
    {
        if (!_pooled)
        {
            return;
        }
        var data = Interlocked.Exchange(ref _data, null);
        var lines = Interlocked.Exchange(ref _lines, null);
        if (data is not null)
        {
            AmiBufferPool.Bytes.Return(data);
        }
        if (lines is not null)
        {
            AmiBufferPool.Ints.Return(lines);
        }
    }

    private byte[] Data => _data ?? throw new ObjectDisposedException(nameof(AmiMessage),
        "This event was released when its handler completed; call Detach() inside the handler to keep it.");

    private bool HasKey(int index) => _lines![(index * Stride) + 2] >= 0;

    private ReadOnlySpan<byte> KeySpan(int index)
    {
        var data = Data;
        var lines = _lines!;
        var keyLength = lines[(index * Stride) + 2];
        return keyLength < 0 ? default : data.AsSpan(lines[index * Stride], keyLength);
    }

    private ReadOnlySpan<byte> ValueSpan(int index)
    {
        var data = Data;
        var lines = _lines!;
        var start = lines[index * Stride];
        var valueStart = lines[(index * Stride) + 3];
        return data.AsSpan(start + valueStart, lines[(index * Stride) + 1] - valueStart);
    }

    private int Check(int index) => (uint)index < (uint)_lineCount ? index : throw new ArgumentOutOfRangeException(nameof(index));
}
