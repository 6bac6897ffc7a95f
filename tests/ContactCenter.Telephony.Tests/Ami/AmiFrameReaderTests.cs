using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using ContactCenter.Telephony.Ami;
using ContactCenter.Telephony.Tests.Support;

namespace ContactCenter.Telephony.Tests.Ami;

public class AmiFrameReaderTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static IEnumerable<string> Transcripts() => Fixtures.ListenerTranscripts();

    [TestCaseSource(nameof(Transcripts))]
    public async Task Every_transcript_frames_the_same_whole_byte_by_byte_and_in_random_splits(string rx)
    {
        var bytes = Fixtures.Bytes(rx);
        var whole = await FrameAsync(bytes, Chunking.Split(bytes.Length, ChunkMode.Whole, null)).WaitAsync(Timeout);
        var expectedCount = CountBlankLineTerminatedMessages(bytes);

        Assert.That(whole.Messages, Has.Count.EqualTo(expectedCount), "one message per blank-line-terminated block after the banner");
        Assert.That(whole.Banner, Is.EqualTo("Asterisk Call Manager/11.0.0"));
        foreach (var mode in new[] { ChunkMode.Recorded, ChunkMode.OneByte, ChunkMode.Random })
        {
            foreach (var seed in mode == ChunkMode.Random ? new[] { 1, 2, 3 } : [1])
            {
                var chunks = Chunking.Split(bytes.Length, mode, Fixtures.Timing(rx).Chunks, seed);
                var split = await FrameAsync(bytes, chunks).WaitAsync(Timeout);
                Assert.That(split.Messages, Is.EqualTo(whole.Messages), $"{mode} (seed {seed}) frames differently");
            }
        }
    }

    [Test]
    public async Task A_caller_name_split_inside_its_utf8_bytes_decodes_whole()
    {
        const string Rx = "s3-overflow/ami-site-b-listener.rx";
        var bytes = Fixtures.Bytes(Rx);
        var name = Encoding.UTF8.GetBytes("张三");
        var at = bytes.AsSpan().IndexOf(name);
        Assert.That(at, Is.GreaterThan(0), "the transcript holds the UTF-8 caller name");

        // Cut between the first and second byte of 张, and inside the \r\n that ends the line.
        var lineEnd = bytes.AsSpan(at).IndexOf((byte)'\r') + at;
        IReadOnlyList<(int, int)> chunks = [(0, at + 1), (at + 1, lineEnd + 1 - (at + 1)), (lineEnd + 1, bytes.Length - lineEnd - 1)];
        var result = await FrameAsync(bytes, chunks).WaitAsync(Timeout);

        var newchannel = result.Parsed.First(m => m.IsEvent("Newchannel") && m["Channel"] == "PJSIP/site-a-00000002");
        Assert.That(newchannel["CallerIDName"], Is.EqualTo("张三"));
        Assert.That(result.Parsed.Any(m => m.ToString().Contains('\uFFFD', StringComparison.Ordinal)), Is.False, "no replacement characters anywhere");
    }

    [Test]
    public void Repeated_headers_and_empty_values_are_kept_in_order()
    {
        var message = AmiMessage.Parse(
            "Event: Newchannel\r\nChannel: PJSIP/1001-00000001\r\nChanVariable: CC_CALLID=site-a-1795458297.0\r\nChanVariable: CC_INTENT=\r\nAccountCode: \r\n");

        Assert.That(message.GetAll("chanvariable"), Is.EqualTo(new[] { "CC_CALLID=site-a-1795458297.0", "CC_INTENT=" }));
        Assert.That(message["ACCOUNTCODE"], Is.EqualTo(string.Empty));
        Assert.That(message["Missing"], Is.Null);
        Assert.That(message.Count, Is.EqualTo(5));
        Assert.That(new AmiChannelEvent(message).Channel.GetVariable("CC_CALLID"), Is.EqualTo("site-a-1795458297.0"));
    }

    [Test]
    public void An_originate_response_event_is_an_event_even_with_a_response_header()
    {
        var message = AmiMessage.Parse("Event: OriginateResponse\r\nResponse: Failure\r\nReason: 0\r\nUniqueid: <unknown>\r\n");

        Assert.That(message.Kind, Is.EqualTo(AmiMessageKind.Event));
        Assert.That(AmiOriginateResponseEvent.TryFrom(message, out var view), Is.True);
        Assert.That(view.IsSuccess, Is.False);
        Assert.That(view.Reason, Is.EqualTo(0));
    }

    [Test]
    public void A_line_is_split_on_its_first_colon_only()
    {
        var message = AmiMessage.Parse("Event: RequestNotAllowed\r\nRequestType: Action: Ping\r\nAppData: a: b: c\r\n");

        Assert.That(message["RequestType"], Is.EqualTo("Action: Ping"));
        Assert.That(message["AppData"], Is.EqualTo("a: b: c"));
    }

    [Test]
    public void Only_the_fields_asterisk_escapes_are_unescaped()
    {
        var varSet = AmiMessage.Parse("Event: VarSet\r\nChannel: none\r\nVariable: CC_NOTE\r\nValue: two words, a comma and \\\"quotes\\\"\r\n");
        var userEvent = AmiMessage.Parse("Event: UserEvent\r\nUserEvent: X\r\nNote: a\\nb\r\nCallerIDName: \\\"Zhang\\\"\r\n");

        Assert.That(AmiVarSetEvent.TryFrom(varSet, out var view) && view.IsGlobal, Is.True);
        Assert.That(view.Value, Is.EqualTo("two words, a comma and \"quotes\""));
        Assert.That(new AmiUserEvent(userEvent)["Note"], Is.EqualTo("a\\nb"), "UserEvent fields are not escaped by Asterisk");
        Assert.That(new AmiUserEvent(userEvent).Channel.CallerIdName, Is.EqualTo("\"Zhang\""));
        Assert.That(AmiEscaping.IsEscaped("Newchannel", "DestConnectedLineName"), Is.True);
        Assert.That(AmiEscaping.IsEscaped("Newchannel", "Exten"), Is.False);
    }

    [Test]
    public void Legacy_command_output_keeps_raw_lines_with_colons_and_blank_lines()
    {
        var reader = new AmiFrameReader(new AmiFrameLimits());
        var buffer = new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(
            "Response: Follows\r\nPrivilege: Command\r\nActionID: 7\r\nName: value\r\n\r\nlast line--END COMMAND--\r\n\r\nEvent: Next\r\n\r\n"));

        Assert.That(reader.TryReadMessage(ref buffer, out var follows), Is.True);
        Assert.That(follows!.Name, Is.EqualTo("Follows"));
        Assert.That(follows.ActionId, Is.EqualTo("7"));
        Assert.That(Enumerable.Range(0, follows.Count).Where(follows.IsRawLine).Select(follows.ValueAt), Is.EqualTo(new[] { "Name: value", string.Empty, "last line" }));
        Assert.That(reader.TryReadMessage(ref buffer, out var next) && next!.IsEvent("Next"), Is.True);
    }

    [Test]
    public async Task A_ten_megabyte_line_is_dropped_and_counted_and_the_next_message_still_parses()
    {
        var reader = new AmiFrameReader(new AmiFrameLimits { MaxLineLength = 64 * 1024 });
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var hostile = Encoding.ASCII.GetBytes("Event: Huge\r\nData: ").Concat(Enumerable.Repeat((byte)'x', 10 * 1024 * 1024)).Concat("\r\n\r\nEvent: After\r\nOk: 1\r\n\r\n"u8.ToArray()).ToArray();
        var messages = new List<AmiMessage>();
        long maxBuffered = 0;
        for (var offset = 0; offset < hostile.Length; offset += 32 * 1024)
        {
            await pipe.Writer.WriteAsync(hostile.AsMemory(offset, Math.Min(32 * 1024, hostile.Length - offset)));
            var result = await pipe.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
            var buffer = result.Buffer;
            while (reader.TryReadMessage(ref buffer, out var message))
            {
                messages.Add(message.Detach());
            }
            maxBuffered = Math.Max(maxBuffered, buffer.Length);
            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }

        Assert.That(reader.OverlongLines, Is.EqualTo(1));
        Assert.That(maxBuffered, Is.LessThanOrEqualTo(64 * 1024 + (32 * 1024)), "the reader never holds the long line");
        Assert.That(messages.Select(m => m.Name), Is.EqualTo(new[] { "Huge", "After" }));
        Assert.That(messages[0].IsTruncated, Is.True);
        Assert.That(messages[1]["Ok"], Is.EqualTo("1"));
    }

    [Test]
    public void A_message_with_ten_thousand_headers_is_truncated_at_the_limit()
    {
        var reader = new AmiFrameReader(new AmiFrameLimits { MaxHeadersPerMessage = 4096 });
        var text = new StringBuilder("Event: Flood\r\n");
        for (var i = 0; i < 10_000; i++)
        {
            text.Append("Output: line ").Append(i).Append("\r\n");
        }
        var buffer = new ReadOnlySequence<byte>(Encoding.ASCII.GetBytes(text.Append("\r\nEvent: After\r\n\r\n").ToString()));

        Assert.That(reader.TryReadMessage(ref buffer, out var flood), Is.True);
        Assert.That(flood!.Count, Is.EqualTo(4096));
        Assert.That(flood.IsTruncated, Is.True);
        Assert.That(reader.DroppedHeaders, Is.EqualTo(10_001 - 4096));
        Assert.That(reader.TryReadMessage(ref buffer, out var after) && after!.IsEvent("After"), Is.True);
    }

    [Test]
    public void Random_bytes_never_throw_and_never_grow_past_the_limits()
    {
        var random = new Random(42);
        var reader = new AmiFrameReader(new AmiFrameLimits { MaxLineLength = 4096, MaxHeadersPerMessage = 64 });
        for (var round = 0; round < 200; round++)
        {
            var bytes = new byte[random.Next(1, 20_000)];
            random.NextBytes(bytes);
            var buffer = new ReadOnlySequence<byte>(bytes);
            while (reader.TryReadMessage(ref buffer, out var message))
            {
                Assert.That(message.Count, Is.LessThanOrEqualTo(64));
                _ = message.ToString();
                message.Release();
            }
            Assert.That(buffer.Length, Is.LessThanOrEqualTo(4096), "at most one partial line stays buffered");
        }
    }

    private static int CountBlankLineTerminatedMessages(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        var body = text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..];
        return body.Split("\r\n\r\n").Count(block => block.Length > 0);
    }

    private static async Task<(string? Banner, List<string> Messages, List<AmiMessage> Parsed)> FrameAsync(byte[] bytes, IReadOnlyList<(int Offset, int Length)> chunks)
    {
        // Lock-step: write one chunk, let the reader see exactly that much more, so every split point is exercised.
        // Small pipe segments make lines cross segment boundaries (multi-segment sequences).
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0, minimumSegmentSize: 256));
        var reader = new AmiFrameReader(new AmiFrameLimits());
        string? banner = null;
        var messages = new List<string>();
        var parsed = new List<AmiMessage>();
        foreach (var (offset, length) in chunks.Append((bytes.Length, 0)))
        {
            if (length > 0)
            {
                await pipe.Writer.WriteAsync(bytes.AsMemory(offset, length));
            }
            else
            {
                await pipe.Writer.CompleteAsync();
            }
            var result = await pipe.Reader.ReadAsync();
            var buffer = result.Buffer;
            if (banner is null)
            {
                reader.TryReadLine(ref buffer, out banner);
            }
            if (banner is not null)
            {
                while (reader.TryReadMessage(ref buffer, out var message))
                {
                    var owned = message.Detach();
                    message.Release();
                    parsed.Add(owned);
                    messages.Add(owned.ToString());
                }
            }
            pipe.Reader.AdvanceTo(buffer.Start, buffer.End);
        }
        return (banner, messages, parsed);
    }
}
