package org.ipop.bench.engine;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Throughput of handing frames between two threads through the ring types the engine uses
 * ({@code tryClaim} + copy + {@code commit} on one side, {@code read} with a long-lived handler on the
 * other), one-to-one against many-to-one in the same run. Read the {@code frames} secondary result:
 * frames the consumer received per microsecond (the primary score also counts empty polls and failed
 * offers, which are not handoffs).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Group)
public class RingHandoffBenchmark
{
    @Param({ "ManyToOne", "OneToOne" })
    String ring;

    @Param("1400")
    int frameLength;

    private RingBuffer ringBuffer;
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));

    @Setup(Level.Iteration)
    public void setUp()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH));
        ringBuffer = "OneToOne".equals(ring) ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
    }

    /** Consumer-side handler and frame count (reported by JMH as {@code frames}), one per consuming thread. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Consumer implements MessageHandler
    {
        public long frames;
        long bytes;

        @Setup(Level.Iteration)
        public void reset()
        {
            frames = 0;
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            bytes += buffer.getByte(index) + length;
        }
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public boolean offer()
    {
        final int index = ringBuffer.tryClaim(1, frameLength);
        if (index > 0)
        {
            ringBuffer.buffer().putBytes(index, frame, 0, frameLength);
            ringBuffer.commit(index);
            return true;
        }
        return false;
    }

    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public int poll(final Consumer consumer, final Blackhole blackhole)
    {
        final int read = ringBuffer.read(consumer, 16);
        consumer.frames += read;
        blackhole.consume(consumer.bytes);
        return read;
    }
}
