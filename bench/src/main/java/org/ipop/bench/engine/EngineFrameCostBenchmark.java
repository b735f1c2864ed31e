package org.ipop.bench.engine;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.Engine;
import org.ipop.engine.EngineConfiguration;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.testkit.GeneratingDatagramEndpoint;
import org.ipop.engine.testkit.GeneratingFrameDevice;
import org.ipop.tap.DatagramBatchDescriptor;
import org.ipop.tap.FrameBatchDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.ipop.bench.engine.BenchFrames.*;

/**
 * Per-frame cost of the engine's agents without system calls: in-memory devices hand over a batch of
 * {@link EngineConfiguration#BATCH_SIZE_DEFAULT} frames per duty cycle, so one operation is one frame.
 * <ul>
 *   <li>{@code tapToEdge}: TAP batch read, classify, route lookup, encapsulate into the datagram batch, send;</li>
 *   <li>{@code edgeToTap}: datagram batch received, validate, decapsulate, TAP batch write;</li>
 *   <li>{@code copyBaseline}: the two copies any implementation must make (device record in, datagram
 *       record out) of the same frame, measured in the same run so ratios survive a noisy machine.</li>
 * </ul>
 * Run with {@code -prof gc}: gc.alloc.rate.norm must be ~0 B/op for the engine benchmarks.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class EngineFrameCostBenchmark
{
    static final int BATCH = EngineConfiguration.BATCH_SIZE_DEFAULT;

    @Param({ "64", "1400" })
    int frameLength;

    private Engine tapSide;
    private Engine udpSide;
    private File dir;
    private GeneratingFrameDevice baselineDevice;
    private UnsafeBuffer baselineRead;
    private UnsafeBuffer baselineSend;

    @Setup(Level.Trial)
    public void setUp() throws Exception
    {
        dir = Files.createTempDirectory("ipop-bench").toFile();
        final byte[] local = node(1);
        final byte[] peer = node(50);
        final byte[] frame = ipv4Frame(LOCAL_VIP, PEER_VIP, frameLength);

        tapSide = Engine.launch(new EngineContext()
            .frameDevice(new GeneratingFrameDevice(frame))
            .datagramEndpoint(new GeneratingDatagramEndpoint())
            .threadingMode(ThreadingMode.INVOKER)
            .countersFile(new File(dir, "tap.dat")));
        configure(tapSide, local, peer);

        udpSide = Engine.launch(new EngineContext()
            .frameDevice(new GeneratingFrameDevice())
            .datagramEndpoint(new GeneratingDatagramEndpoint(
                new byte[][] { dataFrame(peer, local, ipv4Frame(PEER_VIP, LOCAL_VIP, frameLength)) },
                new int[] { PEER_EDGE },
                new int[] { PEER_PORT }))
            .threadingMode(ThreadingMode.INVOKER)
            .countersFile(new File(dir, "udp.dat")));
        configure(udpSide, local, peer);

        baselineDevice = new GeneratingFrameDevice(frame);
        baselineRead = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BATCH * FrameBatchDescriptor.recordLength(1500), 64));
        baselineSend = new UnsafeBuffer(BufferUtil.allocateDirectAligned(BATCH * DatagramBatchDescriptor.recordLength(1600), 64));
    }

    private static void configure(final Engine engine, final byte[] local, final byte[] peer)
    {
        engine.proxy().setLocalNode(new UnsafeBuffer(local), 0);
        engine.proxy().addPeer(2, new UnsafeBuffer(peer), 0);
        engine.proxy().setEdge(2, PEER_EDGE, PEER_PORT, 1);
        engine.proxy().setRoute(PEER_VIP, 2);
        engine.conductor().doWork();
    }

    @TearDown(Level.Trial)
    public void tearDown()
    {
        final var udpCounters = udpSide.context().counters();
        final boolean measuredDelivery = udpCounters.tapFramesOut.get() > 0 &&
            0 == udpCounters.framesSourceUnknown.get() + udpCounters.dropSourceMismatch.get();
        final boolean measuredSends = tapSide.context().counters().udpDatagramsOut.get() > 0;
        tapSide.close();
        udpSide.close();
        dir.delete();
        if (!measuredDelivery || !measuredSends)
        {
            // a figure of the drop or punt path would pass for the data path's: refuse it
            throw new IllegalStateException("the benchmark did not measure delivery and sending");
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int tapToEdge()
    {
        return tapSide.tapReceiver().doWork();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int edgeToTap()
    {
        return udpSide.udpReceiver().doWork();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int copyBaseline()
    {
        final int frames = baselineDevice.readBatch(baselineRead.addressOffset(), baselineRead.capacity(), BATCH);
        int readOffset = 0;
        int sendOffset = 0;
        for (int i = 0; i < frames; i++)
        {
            final int length = baselineRead.getInt(readOffset);
            baselineSend.putInt(sendOffset, length + 56);
            baselineSend.putBytes(sendOffset + DatagramBatchDescriptor.HEADER_LENGTH + 56,
                baselineRead, readOffset + FrameBatchDescriptor.HEADER_LENGTH, length);
            readOffset += FrameBatchDescriptor.recordLength(length);
            sendOffset += DatagramBatchDescriptor.recordLength(length + 56);
        }
        return sendOffset;
    }
}
