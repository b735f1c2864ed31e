package org.ipop.bench.engine;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Cost per frame of the ring handoff the engine makes between agents (punts, forwarded frames, control
 * frames), without the cross-core noise of a two-thread run: one thread offers a batch of 32 frames
 * ({@code tryClaim}, copy, {@code commit}) and then drains it ({@code read} with a long-lived handler).
 * The baseline copies the same 32 frames into a plain buffer, the work any handoff must do.
 * Per-frame throughput is 1000 / score in frames per microsecond.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RingBatchHandoffBenchmark implements MessageHandler
{
    static final int BATCH = 32;

    @Param({ "ManyToOne", "OneToOne" })
    String ring;

    @Param({ "64", "1400" })
    int frameLength;

    private RingBuffer ringBuffer;
    private final UnsafeBuffer frame = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    private final UnsafeBuffer plain = new UnsafeBuffer(ByteBuffer.allocateDirect(BATCH * 2048));
    private long consumed;

    @Setup
    public void setUp()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 20) + RingBufferDescriptor.TRAILER_LENGTH));
        ringBuffer = "OneToOne".equals(ring) ? new OneToOneRingBuffer(buffer) : new ManyToOneRingBuffer(buffer);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long offerThenPoll()
    {
        final RingBuffer ringBuffer = this.ringBuffer;
        for (int i = 0; i < BATCH; i++)
        {
            final int index = ringBuffer.tryClaim(1, frameLength);
            ringBuffer.buffer().putBytes(index, frame, 0, frameLength);
            ringBuffer.commit(index);
        }
        int read = 0;
        while (read < BATCH)
        {
            read += ringBuffer.read(this, BATCH - read);
        }
        return consumed;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int copyBaseline()
    {
        int offset = 0;
        for (int i = 0; i < BATCH; i++)
        {
            plain.putBytes(offset, frame, 0, frameLength);
            offset += frameLength;
        }
        return plain.getByte(offset - 1);
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        consumed += buffer.getByte(index) + length;
    }
}
