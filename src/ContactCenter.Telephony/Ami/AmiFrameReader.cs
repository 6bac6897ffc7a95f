using System.Buffers;
using System.Diagnostics.CodeAnalysis;

namespace ContactCenter.Telephony.Ami;

/// <summary>Limits that keep a hostile or broken peer from growing the client's memory.</summary>
public sealed record AmiFrameLimits
{
    /// <summary>Longest accepted line in bytes (default 64 KiB). Longer lines are dropped and counted.</summary>
    public int MaxLineLength { get; init; } = 64 * 1024;

    /// <summary>Most header lines kept per message (default 4096). Further lines are dropped and counted; the message is marked truncated.</summary>
    public int MaxHeadersPerMessage { get; init; } = 4096;

    /// <summary>Most bytes kept per message (default 4 MiB). Further lines are dropped and counted.</summary>
    public int MaxMessageBytes { get; init; } = 4 * 1024 * 1024;
}

/// <summary>
/// Splits AMI bytes into messages. Lines end at <c>\n</c> with an optional <c>\r</c>; a blank line ends a
/// message; values are decoded only later, from complete lines, so chunk boundaries (even inside
/// <c>\r\n</c> or a multi-byte UTF-8 character) never matter. Each complete line is copied out and consumed
/// at once, so the input buffer never holds more than one partial line. Handles the legacy
/// <c>Response: Follows</c> … <c>--END COMMAND--</c> command output, whose raw lines may contain anything.
/// Not thread-safe: one reader per connection.
/// </summary>
public sealed class AmiFrameReader
{
    private static readonly byte[] EndCommand = "--END COMMAND--"u8.ToArray();

    private readonly AmiFrameLimits _limits;
    private byte[]? _data;
    private int[]? _lines;
    private int _dataLength;
    private int _lineCount;
    private bool _truncated;
    private bool _discardingLine;
    private bool _follows;
    private bool _followsRaw;
    private bool _followsEnded;
    private byte[] _scratch = new byte[256];

    /// <summary>Creates a reader with the given limits.</summary>
    public AmiFrameReader(AmiFrameLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits = limits;
    }

    /// <summary>Lines dropped because they were longer than <see cref="AmiFrameLimits.MaxLineLength"/>.</summary>
    public long OverlongLines { get; private set; }

    /// <summary>Header lines dropped because a message broke <see cref="AmiFrameLimits.MaxHeadersPerMessage"/> or <see cref="AmiFrameLimits.MaxMessageBytes"/>.</summary>
    public long DroppedHeaders { get; private set; }

    /// <summary>Reads one line (for the banner, which has no blank line after it). Returns false until a whole line is buffered.</summary>
    public bool TryReadLine(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out string? line)
    {
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadTo(out ReadOnlySequence<byte> raw, (byte)'\n'))
        {
            line = null;
            if (buffer.Length > _limits.MaxLineLength)
            {
                throw new AmiProtocolException($"The first line is longer than {_limits.MaxLineLength} bytes; this is not an AMI server.");
            }
            return false;
        }
        buffer = buffer.Slice(reader.Position);
        var bytes = raw.ToArray().AsSpan();
        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }
        line = AmiText.Decode(bytes);
        return true;
    }

    /// <summary>
    /// Reads the next complete message from <paramref name="buffer"/> and slices off what it consumed.
    /// Returns false when more bytes are needed; what was consumed so far is kept inside the reader.
    /// </summary>
    public bool TryReadMessage(ref ReadOnlySequence<byte> buffer, [NotNullWhen(true)] out AmiMessage? message)
    {
        var reader = new SequenceReader<byte>(buffer);
        try
        {
            while (true)
            {
                if (_discardingLine)
                {
                    if (!reader.TryAdvanceTo((byte)'\n'))
                    {
                        reader.AdvanceToEnd();
                        message = null;
                        return false;
                    }
                    _discardingLine = false;
                    continue;
                }

                // Fast path: the line lies within the current segment.
                var unread = reader.UnreadSpan;
                var newline = unread.IndexOf((byte)'\n');
                ReadOnlySpan<byte> line;
                if (newline >= 0)
                {
                    line = unread[..newline];
                    reader.Advance(newline + 1);
                }
                else if (reader.TryReadTo(out ReadOnlySequence<byte> spanning, (byte)'\n'))
                {
                    line = spanning.Length > _limits.MaxLineLength + 1 ? default : CopyToScratch(spanning);
                    if (spanning.Length > _limits.MaxLineLength + 1)
                    {
                        OverlongLines++;
                        _truncated = true;
                        continue;
                    }
                }
                else
                {
                    if (reader.Remaining > _limits.MaxLineLength)
                    {
                        OverlongLines++;
                        _truncated = true;
                        _discardingLine = true;
                        reader.AdvanceToEnd();
                    }
                    message = null;
                    return false;
                }

                if (line.Length > _limits.MaxLineLength + 1)
                {
                    OverlongLines++;
                    _truncated = true;
                    continue;
                }

                if (AddLine(line, out message))
                {
                    return true;
                }
            }
        }
        finally
        {
            buffer = buffer.Slice(reader.Position);
        }
    }

    private ReadOnlySpan<byte> CopyToScratch(ReadOnlySequence<byte> line)
    {
        if (_scratch.Length < line.Length)
        {
            _scratch = new byte[Math.Max((int)line.Length, _scratch.Length * 2)];
        }
        line.CopyTo(_scratch);
        return _scratch.AsSpan(0, (int)line.Length);
    }

    private bool AddLine(ReadOnlySpan<byte> line, [NotNullWhen(true)] out AmiMessage? message)
    {
        message = null;
        var length = line.Length;
        if (length > 0 && line[length - 1] == (byte)'\r')
        {
            length--;
        }

        if (length == 0 && !(_follows && !_followsEnded))
        {
            if (_lineCount > 0)
            {
                message = Build();
                return true;
            }
            ResetMessage();
            return false;
        }

        if (_lineCount >= _limits.MaxHeadersPerMessage || _dataLength + length > _limits.MaxMessageBytes)
        {
            DroppedHeaders++;
            _truncated = true;
            return false;
        }

        EnsureCapacity(length);
        var target = _data.AsSpan(_dataLength, length);
        line[..length].CopyTo(target);

        var keyLength = -1;
        var valueStart = 0;
        if (_followsRaw || (_follows && !IsFollowsHeader(target)))
        {
            // Legacy command output: raw text up to "--END COMMAND--", colons and all.
            _followsRaw = true;
            if (target.EndsWith(EndCommand))
            {
                _followsEnded = true;
                length -= EndCommand.Length;
                if (length == 0)
                {
                    return false;
                }
            }
        }
        else
        {
            var colon = target.IndexOf((byte)':');
            if (colon >= 0)
            {
                keyLength = colon;
                valueStart = colon + 1 < length && target[colon + 1] == (byte)' ' ? colon + 2 : colon + 1;
            }
            if (_lineCount == 0 && colon >= 0 && AmiText.KeyEquals(target[..colon], "Response")
                && AmiText.KeyEquals(target[valueStart..], "Follows"))
            {
                _follows = true;
            }
        }

        var slot = _lineCount * AmiMessage.Stride;
        _lines![slot] = _dataLength;
        _lines[slot + 1] = length;
        _lines[slot + 2] = keyLength;
        _lines[slot + 3] = valueStart;
        _lineCount++;
        _dataLength += length;
        return false;
    }

    private static bool IsFollowsHeader(ReadOnlySpan<byte> line)
    {
        var colon = line.IndexOf((byte)':');
        return colon > 0 && (AmiText.KeyEquals(line[..colon], "Privilege") || AmiText.KeyEquals(line[..colon], "ActionID"));
    }

    [MemberNotNull(nameof(_data), nameof(_lines))]
    private void EnsureCapacity(int length)
    {
        if (_data is null || _dataLength + length > _data.Length)
        {
            var grown = AmiBufferPool.Bytes.Rent(Math.Max(_dataLength + length, _data is null ? 1024 : _data.Length * 2));
            if (_data is not null)
            {
                _data.AsSpan(0, _dataLength).CopyTo(grown);
                AmiBufferPool.Bytes.Return(_data);
            }
            _data = grown;
        }
        if (_lines is null || (_lineCount + 1) * AmiMessage.Stride > _lines.Length)
        {
            var grown = AmiBufferPool.Ints.Rent(_lines is null ? 32 * AmiMessage.Stride : _lines.Length * 2);
            if (_lines is not null)
            {
                _lines.AsSpan(0, _lineCount * AmiMessage.Stride).CopyTo(grown);
                AmiBufferPool.Ints.Return(_lines);
            }
            _lines = grown;
        }
    }

    private AmiMessage Build()
    {
        var message = new AmiMessage(_data!, _lines!, _lineCount, pooled: true, _truncated);
        _data = null;
        _lines = null;
        ResetMessage();
        return message;
    }

    private void ResetMessage()
    {
        _dataLength = 0;
        _lineCount = 0;
        _truncated = false;
        _follows = false;
        _followsRaw = false;
        _followsEnded = false;
    }
}
