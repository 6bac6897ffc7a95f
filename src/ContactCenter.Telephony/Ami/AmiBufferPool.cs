using System.Buffers;
using System.Collections.Concurrent;

namespace ContactCenter.Telephony.Ami;

/// <summary>
/// Message buffers are rented on the socket reader and returned on the dispatcher, another thread.
/// The shared ArrayPool keeps few arrays per core and drops the rest when a queue of events builds up,
/// so the reader would allocate again; this pool keeps up to <see cref="Capacity"/> arrays of the common
/// sizes in one lock-free queue. Larger or odd sizes fall back to the shared pool.
/// </summary>
internal sealed class AmiBufferPool<T>(int size)
{
    private const int Capacity = 8192;
    private readonly ConcurrentQueue<T[]> _arrays = new();
    private int _count;

    public T[] Rent(int minimumLength)
    {
        if (minimumLength <= size && _arrays.TryDequeue(out var array))
        {
            Interlocked.Decrement(ref _count);
            return array;
        }
        return minimumLength <= size ? new T[size] : ArrayPool<T>.Shared.Rent(minimumLength);
    }

    public void Return(T[] array)
    {
        if (array.Length != size)
        {
            ArrayPool<T>.Shared.Return(array);
            return;
        }
        if (Interlocked.Increment(ref _count) <= Capacity)
        {
            _arrays.Enqueue(array);
        }
        else
        {
            Interlocked.Decrement(ref _count);
        }
    }
}

/// <summary>The pools of AMI message buffers.</summary>
internal static class AmiBufferPool
{
    public static AmiBufferPool<byte> Bytes { get; } = new(2048);

    public static AmiBufferPool<int> Ints { get; } = new(32 * AmiMessage.Stride);
}
