package org.ipop.bench.engine;

import org.HdrHistogram.Histogram;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.ipop.engine.Engine;
import org.ipop.engine.EngineContext;
import org.ipop.engine.ThreadingMode;
import org.ipop.engine.testkit.RingDatagramLink;

import java.io.File;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

import static org.ipop.bench.engine.BenchFrames.*;

/**
 * In-process pipeline latency, recorded with HdrHistogram: frames stamped on node A's TAP stand-in go
 * through A's engine (classify, route, encapsulate), an in-memory UDP link, and B's engine (validate,
 * decapsulate) to B's TAP stand-in, which records the latency. The baseline, measured in the same run,
 * sends the same stamped frames through one bare one-to-one ring between two threads, the cheapest
 * possible thread handoff. Both engines run in SHARED mode with the default back-off idle strategy.
 * <p>
 * Usage: {@code java <ipop.jvm.flags> -cp bench/target/benchmarks.jar org.ipop.bench.engine.EnginePipelineLatency
 * [framesPerSecond=50000] [seconds=10] [frameLength=1400]}.
 */
public final class EnginePipelineLatency
{
    private EnginePipelineLatency()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        if (args.length > 0 && "--help".equals(args[0]))
        {
            System.out.println("usage: EnginePipelineLatency [framesPerSecond=50000] [seconds=10] [frameLength=1400]");
            return;
        }
        final int rate = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        final int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        final int frameLength = args.length > 2 ? Integer.parseInt(args[2]) : 1400;
        final long intervalNs = TimeUnit.SECONDS.toNanos(1) / rate;
        final long frames = (long)rate * seconds;
        final long warmupFrames = Math.min(frames, rate * 2L);

        runBaseline(intervalNs, warmupFrames, frameLength);
        final Histogram baseline = runBaseline(intervalNs, frames, frameLength);
        runEngines(intervalNs, warmupFrames, frameLength);
        final Histogram engine = runEngines(intervalNs, frames, frameLength);

        final PrintStream out = System.out;
        out.printf("pipeline latency, %d frames of %d bytes at %d frames/s (us)%n", frames, frameLength, rate);
        out.printf("%-28s %9s %9s %9s %9s %9s %9s%n", "", "p50", "p90", "p99", "p99.9", "p99.99", "max");
        print(out, "baseline (bare ring handoff)", baseline);
        print(out, "engine A -> link -> engine B", engine);
        out.printf("ratio engine/baseline at p50: %.1f, p99: %.1f%n",
            (double)engine.getValueAtPercentile(50) / Math.max(1, baseline.getValueAtPercentile(50)),
            (double)engine.getValueAtPercentile(99) / Math.max(1, baseline.getValueAtPercentile(99)));
    }

    private static void print(final PrintStream out, final String name, final Histogram h)
    {
        out.printf("%-28s %9.1f %9.1f %9.1f %9.1f %9.1f %9.1f%n", name,
            h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
            h.getValueAtPercentile(99.9) / 1000.0, h.getValueAtPercentile(99.99) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static Histogram runEngines(final long intervalNs, final long frames, final int frameLength) throws Exception
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final File dir = Files.createTempDirectory("ipop-latency").toFile();
        final byte[] nodeA = node(1);
        final byte[] nodeB = node(50);
        final int addressA = ipv4(192, 168, 1, 1);
        final int addressB = ipv4(192, 168, 1, 2);
        final RingDatagramLink link = new RingDatagramLink(1 << 22, addressA, 5000, addressB, 5000);
        final TimestampingFrameDevice tapA = new TimestampingFrameDevice(
            ipv4Frame(LOCAL_VIP, PEER_VIP, frameLength), intervalNs, frames, histogram);
        final TimestampingFrameDevice tapB = new TimestampingFrameDevice(
            ipv4Frame(PEER_VIP, LOCAL_VIP, frameLength), intervalNs, 0, histogram);

        try (Engine a = Engine.launch(new EngineContext().frameDevice(tapA).datagramEndpoint(link.endpointA())
                .threadingMode(ThreadingMode.SHARED).countersFile(new File(dir, "a.dat")));
            Engine b = Engine.launch(new EngineContext().frameDevice(tapB).datagramEndpoint(link.endpointB())
                .threadingMode(ThreadingMode.SHARED).countersFile(new File(dir, "b.dat"))))
        {
            configure(a, nodeA, nodeB, PEER_VIP, addressB);
            configure(b, nodeB, nodeA, LOCAL_VIP, addressA);
            while (a.context().counters().commandsApplied.get() < 4 || b.context().counters().commandsApplied.get() < 4)
            {
                Thread.yield();
            }
            tapA.start();
            final long deadline = System.nanoTime() + intervalNs * frames + TimeUnit.SECONDS.toNanos(10);
            while (tapB.frames() < frames && System.nanoTime() < deadline)
            {
                Thread.sleep(10);
            }
            if (tapB.frames() < frames)
            {
                final StringBuilder counters = new StringBuilder();
                a.context().counters().countersManager().forEach((id, label) -> counters.append("\n A ").append(label)
                    .append(" = ").append(a.context().counters().countersManager().getCounterValue(id)));
                b.context().counters().countersManager().forEach((id, label) -> counters.append("\n B ").append(label)
                    .append(" = ").append(b.context().counters().countersManager().getCounterValue(id)));
                throw new IllegalStateException("only " + tapB.frames() + " of " + frames + " frames arrived" + counters);
            }
        }
        finally
        {
            dir.delete();
        }
        return histogram;
    }

    private static void configure(final Engine engine, final byte[] local, final byte[] peer, final int peerVip, final int peerAddress)
    {
        engine.proxy().setLocalNode(new UnsafeBuffer(local), 0);
        engine.proxy().addPeer(2, new UnsafeBuffer(peer), 0);
        engine.proxy().setEdge(2, peerAddress, 5000, 1);
        engine.proxy().setRoute(peerVip, 2);
    }

    private static Histogram runBaseline(final long intervalNs, final long frames, final int frameLength) throws Exception
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final OneToOneRingBuffer ring = new OneToOneRingBuffer(
            new UnsafeBuffer(ByteBuffer.allocateDirect((1 << 22) + RingBufferDescriptor.TRAILER_LENGTH)));
        final UnsafeBuffer frame = new UnsafeBuffer(ipv4Frame(LOCAL_VIP, PEER_VIP, frameLength));
        final BaselineConsumer consumer = new BaselineConsumer(ring, histogram, frames);
        final Thread thread = new Thread(consumer, "baseline-consumer");
        thread.start();
        final org.agrona.concurrent.IdleStrategy idle = org.ipop.engine.EngineConfiguration.defaultDataPlaneIdleStrategy();
        long next = System.nanoTime();
        for (long i = 0; i < frames; i++)
        {
            while (System.nanoTime() < next)
            {
                idle.idle(0);
            }
            idle.reset();
            int index;
            while ((index = ring.tryClaim(1, frameLength)) <= 0)
            {
                Thread.onSpinWait();
            }
            ring.buffer().putBytes(index, frame, 0, frameLength);
            ring.buffer().putLong(index + TimestampingFrameDevice.STAMP_OFFSET, next);
            ring.commit(index);
            next += intervalNs;
        }
        thread.join();
        return histogram;
    }

    private static final class BaselineConsumer implements Runnable, MessageHandler
    {
        private final OneToOneRingBuffer ring;
        private final Histogram histogram;
        private final long frames;
        private long received;

        BaselineConsumer(final OneToOneRingBuffer ring, final Histogram histogram, final long frames)
        {
            this.ring = ring;
            this.histogram = histogram;
            this.frames = frames;
        }

        @Override
        public void run()
        {
            final org.agrona.concurrent.IdleStrategy idle = org.ipop.engine.EngineConfiguration.defaultDataPlaneIdleStrategy();
            while (received < frames)
            {
                idle.idle(ring.read(this, 32));
            }
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            histogram.recordValue(Math.max(0, System.nanoTime() - buffer.getLong(index + TimestampingFrameDevice.STAMP_OFFSET)));
            received++;
        }
    }
}
