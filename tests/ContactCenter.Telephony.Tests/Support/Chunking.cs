namespace ContactCenter.Telephony.Tests.Support;

/// <summary>How a replay splits a byte stream into writes.</summary>
public enum ChunkMode
{
    Recorded,
    Whole,
    OneByte,
    Random,
}

internal static class Chunking
{
    /// <summary>Cuts [0, length) into chunks: the recorded recv() sizes, one piece, single bytes, or seeded random sizes (1-64 bytes).</summary>
    public static IReadOnlyList<(int Offset, int Length)> Split(int length, ChunkMode mode, IReadOnlyList<(int Offset, int Length)>? recorded, int seed = 1)
    {
        switch (mode)
        {
            case ChunkMode.Recorded when recorded is not null:
                return recorded;
            case ChunkMode.OneByte:
                return Enumerable.Range(0, length).Select(i => (i, 1)).ToList();
            case ChunkMode.Random:
                var random = new Random(seed);
                var chunks = new List<(int, int)>();
                for (var offset = 0; offset < length;)
                {
                    var size = Math.Min(length - offset, random.Next(1, 65));
                    chunks.Add((offset, size));
                    offset += size;
                }
                return chunks;
            default:
                return [(0, length)];
        }
    }
}
