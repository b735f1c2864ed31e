package org.ipop.engine;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.control.EngineEventHandler;
import org.ipop.engine.control.EngineEventPoller;
import org.ipop.engine.control.EngineProxy;
import org.ipop.engine.control.PuntReason;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;
import org.ipop.engine.testkit.GeneratingDatagramEndpoint;
import org.ipop.engine.testkit.GeneratingFrameDevice;
import org.ipop.tap.SessionKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Proves the steady state of each data-plane agent allocates nothing: after warm-up, every one of
 * {@link #MEASURED_WINDOWS} windows of a million frames through each direction allocates nothing, measured with
 * the thread's allocated-bytes counter. Each direction runs in plaintext mode and with a key table attached; the
 * table is {@link MarkingSessionKeys}, which follows the record contract without cryptography and allocates
 * nothing, so what is measured is the agents' sealed paths (the native table's own allocation is measured in
 * tap-native; the JDK reference table allocates per frame and would hide the agents).
 */
class ZeroAllocationTest
{
    static final int FRAMES = 1_024_000;
    static final int WARMUP_FRAMES = 3_200_000;
    static final int WARMUP_CYCLES_PER_ROUND = 250;
    static final int QUIET_ROUNDS = 50;
    static final int MEASURED_WINDOWS = 3;
    static final int MAX_SETTLING_WINDOWS = 10;
    static final int MAX_WARMUP_ROUNDS = 20_000;
    static final int BATCH = EngineConfiguration.BATCH_SIZE_DEFAULT;
    static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @TempDir
    File dir;

    @Test
    @Timeout(120)
    void shouldNotAllocateWhileEncapsulatingTapFramesCopyingBroadcastsAndPuntingArp()
    {
        encapsulateTapFrames(null);
    }

    @Test
    @Timeout(120)
    void shouldNotAllocateWhileSealingTapFramesAndBroadcastCopies()
    {
        encapsulateTapFrames(new MarkingSessionKeys());
    }

    @Test
    @Timeout(120)
    void shouldNotAllocateWhileDeliveringForwardingAndPassingControlFrames()
    {
        receiveDatagrams(null);
    }

    @Test
    @Timeout(120)
    void shouldNotAllocateWhileDeliveringOpenedRelayingSealedAndRateLimitingHandshakes()
    {
        receiveDatagrams(new MarkingSessionKeys());
    }

    private void encapsulateTapFrames(final SessionKeys keys)
    {
        final GeneratingFrameDevice tap = new GeneratingFrameDevice(
            ipv4Frame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 6, 1400),
            ipv4Frame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 3), 17, 64),
            ipv4Frame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 1, 98),
            arpFrame(),
            ipv4Frame(ipv4(10, 0, 0, 1), ipv4(224, 0, 0, 251), 17, 120));
        final GeneratingDatagramEndpoint udp = new GeneratingDatagramEndpoint();
        try (Engine engine = launch(tap, udp, keys))
        {
            configure(engine.proxy(), engine.invoker());
            final AgentInvoker invoker = engine.invoker();
            final EngineEventPoller poller = engine.eventPoller();
            final CountingHandler handler = new CountingHandler();

            warmUp(invoker, poller, handler);
            final long framesBefore = tap.framesRead();

            final long[][] measured = measureSteadyState(invoker, poller, handler);

            assertNoWindowAllocated(measured, "TAP frames");
            assertEquals((long)FRAMES * MEASURED_WINDOWS, tap.framesRead() - framesBefore);
            // per 5 frames: 3 unicast datagrams, 2 broadcast copies (members 2 and 3), 1 ARP punt
            final long read = tap.framesRead();
            final int partial = (int)(read % 5);
            assertEquals(read / 5 * 5 + new int[] {0, 1, 2, 3, 3}[partial], udp.datagramsSent());
            assertEquals(read / 5 + (partial == 4 ? 1 : 0), handler.tapFrames);
        }
    }

    /**
     * Receives, in rotation, two DATA frames for this node, one for node C (relayed) and a CONTROL frame; with a key
     * table they look sealed (AEAD flag, tag), and a clear HANDSHAKE is added every fifth datagram, beyond the rate
     * limit once the burst is spent.
     */
    private void receiveDatagrams(final SessionKeys keys)
    {
        final byte[] local = node(1);
        final byte[] nodeB = node(50);
        final byte[] nodeC = node(100);
        final byte[][] frames = {
            dataFrame(nodeB, local, 8, ipv4Frame(ipv4(10, 0, 0, 2), ipv4(10, 0, 0, 1), 6, 1400)),
            dataFrame(nodeB, local, 8, ipv4Frame(ipv4(10, 0, 0, 2), ipv4(10, 0, 0, 1), 1, 64)),
            dataFrame(nodeB, nodeC, 8, ipv4Frame(ipv4(10, 0, 0, 2), ipv4(10, 0, 0, 3), 6, 600)),
            overlayFrame(OverlayFrameType.CONTROL, 1, 0, 0, nodeB, new byte[20], new byte[100]) };
        final byte[][] templates = null == keys ? frames : new byte[][] {
            looksSealed(frames[0]), looksSealed(frames[1]), looksSealed(frames[2]), looksSealed(frames[3]),
            overlayFrame(OverlayFrameType.HANDSHAKE, 1, 0, 0, nodeB, new byte[20], new byte[64]) };
        final int[] sources = new int[templates.length];
        final int[] ports = new int[templates.length];
        Arrays.fill(sources, ipv4(192, 168, 1, 2));
        Arrays.fill(ports, 5000);
        final GeneratingDatagramEndpoint udp = new GeneratingDatagramEndpoint(templates, sources, ports);
        final GeneratingFrameDevice tap = new GeneratingFrameDevice();
        try (Engine engine = launch(tap, udp, keys))
        {
            configure(engine.proxy(), engine.invoker());
            final AgentInvoker invoker = engine.invoker();
            final EngineEventPoller poller = engine.eventPoller();
            final CountingHandler handler = new CountingHandler();

            warmUp(invoker, poller, handler);
            final long datagramsBefore = udp.datagramsReceived();

            final long[][] measured = measureSteadyState(invoker, poller, handler);
            final long received = udp.datagramsReceived();
            udp.receiveLimit(received);
            drive(invoker, poller, handler, 2);

            assertNoWindowAllocated(measured, "datagrams");
            assertEquals((long)FRAMES * MEASURED_WINDOWS, received - datagramsBefore);
            final long total = received;
            final int n = templates.length;
            final long rounds = total / n;
            final long partial = total % n;
            assertEquals(rounds * 2 + Math.min(partial, 2), tap.framesWritten());
            assertEquals(rounds + (partial > 2 ? 1 : 0), udp.datagramsSent());
            final long handshakes = null == keys ? 0 : engine.context().counters().handshakeFramesIn.get();
            assertEquals(rounds + (partial > 3 ? 1 : 0) + handshakes, handler.controlFrames);
            if (null != keys)
            {
                // every template but the relayed one (sealed for C) and the clear handshake is opened
                assertEquals(rounds * 3 + Math.min(partial, 2) + (partial > 3 ? 1 : 0),
                    engine.context().counters().framesOpened.get());
                assertEquals(rounds + (partial > 2 ? 1 : 0), engine.context().counters().framesForwarded.get());
                assertEquals(rounds, handshakes + engine.context().counters().dropHandshakeRateLimited.get());
                assertEquals(0, engine.context().counters().dropUnauthenticated.get());
            }
        }
    }

    /** @return a frame that looks sealed to {@link MarkingSessionKeys}: AEAD flag set and room for a tag. */
    private static byte[] looksSealed(final byte[] frame)
    {
        final byte[] sealed = Arrays.copyOf(frame, frame.length + SessionKeys.TAG_LENGTH);
        sealed[OverlayFrameFlyweight.FLAGS_OFFSET] = (byte)OverlayFrameFlyweight.FLAG_AEAD;
        return sealed;
    }

    private Engine launch(final GeneratingFrameDevice tap, final GeneratingDatagramEndpoint udp, final SessionKeys keys)
    {
        return Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(udp)
            .sessionKeys(keys)
            .threadingMode(ThreadingMode.INVOKER)
            .countersFile(new File(dir, "counters.dat")));
    }

    private static void configure(final EngineProxy proxy, final AgentInvoker invoker)
    {
        // key slots are used only when a key table is attached; in plaintext mode they change nothing
        assertTrue(proxy.addPeer(2, new UnsafeBuffer(node(50)), 0));
        assertTrue(proxy.setPeerKey(2, 5));
        assertTrue(proxy.setLocalNode(new UnsafeBuffer(node(1)), 0));
        assertTrue(proxy.addPeer(3, new UnsafeBuffer(node(100)), 0));
        assertTrue(proxy.setPeerKey(3, 6));
        assertTrue(proxy.setEdge(2, ipv4(192, 168, 1, 2), 5000, 1));
        assertTrue(proxy.setEdge(3, ipv4(192, 168, 1, 3), 5000, 1));
        assertTrue(proxy.setRoute(ipv4(10, 0, 0, 2), 2));
        assertTrue(proxy.addMember(2));
        assertTrue(proxy.addMember(3));
        assertTrue(proxy.setRoute(ipv4(10, 0, 0, 3), 3));
        // the UDP frames from the TAP are looked up in a non-empty punt table, and miss it
        assertTrue(proxy.addPuntRule(ipv4(10, 0, 0, 53), 17, 53, PuntReason.DNS));
        invoker.invoke();
    }

    /**
     * Runs the agents for at least {@link #WARMUP_FRAMES} frames in many short calls of {@link #drive}, and
     * on until the JIT has been quiet for {@link #QUIET_ROUNDS} rounds (bounded by {@link #MAX_WARMUP_ROUNDS}),
     * so that the measuring method itself runs compiled: replacing a running interpreted or C1 frame by C2
     * code mid-loop allocates a little on the running thread. Then runs whole windows of {@link #FRAMES}
     * frames until one allocates nothing while no compilation completes (bounded by
     * {@link #MAX_SETTLING_WINDOWS}): on a loaded machine the compiler threads lag far behind, and a JIT
     * transition (an on-stack replacement, a deoptimisation and recompilation) allocates a few hundred bytes
     * once on the running thread, at a moment the short rounds above cannot pin down; it belongs to warm-up,
     * not to the steady state.
     */
    private static void warmUp(final AgentInvoker invoker, final EngineEventPoller poller, final EngineEventHandler handler)
    {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final int minRounds = WARMUP_FRAMES / BATCH / WARMUP_CYCLES_PER_ROUND;
        long lastCompilationTime = -1;
        int quietRounds = 0;
        for (int round = 0; round < MAX_WARMUP_ROUNDS && (round < minRounds || quietRounds < QUIET_ROUNDS); round++)
        {
            drive(invoker, poller, handler, WARMUP_CYCLES_PER_ROUND);
            final long compilationTime = jit.getTotalCompilationTime();
            quietRounds = compilationTime == lastCompilationTime ? quietRounds + 1 : 0;
            lastCompilationTime = compilationTime;
        }
        for (int window = 0; window < MAX_SETTLING_WINDOWS; window++)
        {
            final long compilationTime = jit.getTotalCompilationTime();
            final long allocated = drive(invoker, poller, handler, FRAMES / BATCH);
            if (allocated == 0 && jit.getTotalCompilationTime() == compilationTime)
            {
                break;
            }
        }
    }

    /**
     * Measures {@link #MEASURED_WINDOWS} windows of {@link #FRAMES} frames each, after warm-up. Every window is
     * judged: an allocation of the engine in steady state as rare as once per {@code MEASURED_WINDOWS} million
     * frames shows in at least one of them.
     *
     * @return the bytes allocated in each window, in order, then the JIT's compilation time in ms during each
     *         window (a diagnostic: an allocation that coincides with compilation points at the JIT, not the engine).
     */
    private static long[][] measureSteadyState(
        final AgentInvoker invoker, final EngineEventPoller poller, final EngineEventHandler handler)
    {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        final long[] windows = new long[MEASURED_WINDOWS];
        final long[] compilationMs = new long[MEASURED_WINDOWS];
        for (int i = 0; i < windows.length; i++)
        {
            final long compilationBefore = jit.getTotalCompilationTime();
            windows[i] = drive(invoker, poller, handler, FRAMES / BATCH);
            compilationMs[i] = jit.getTotalCompilationTime() - compilationBefore;
        }
        return new long[][] {windows, compilationMs};
    }

    /** Fails naming the first measured window that allocated anything, with the bytes of every window. */
    private static void assertNoWindowAllocated(final long[][] measured, final String unit)
    {
        final long[] windows = measured[0];
        for (int i = 0; i < windows.length; i++)
        {
            if (windows[i] != 0)
            {
                fail("measured window " + (i + 1) + " of " + windows.length + " allocated " + windows[i] +
                    " bytes over " + FRAMES + " " + unit + "; bytes per window after warm-up: " +
                    Arrays.toString(windows) + ", JIT compilation ms per window: " + Arrays.toString(measured[1]));
            }
        }
    }

    /**
     * Runs {@code dutyCycles} duty cycles of the engine's agents and polls the control plane's events after
     * each. The same code runs for warm-up and measurement, so every call site is resolved and compiled
     * (resolution allocates once) before measuring.
     *
     * @return bytes the calling thread allocated meanwhile.
     */
    private static long drive(
        final AgentInvoker invoker, final EngineEventPoller poller, final EngineEventHandler handler, final int dutyCycles)
    {
        final long threadId = Thread.currentThread().getId();
        final long before = THREADS.getThreadAllocatedBytes(threadId);
        for (int i = 0; i < dutyCycles; i++)
        {
            invoker.invoke();
            poller.poll(handler, 64);
        }
        return THREADS.getThreadAllocatedBytes(threadId) - before;
    }

    static final class CountingHandler implements EngineEventHandler
    {
        long controlFrames;
        long tapFrames;
        long peerFrames;

        @Override
        public void onControlFrame(
            final int ipv4, final int port, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
            controlFrames++;
        }

        @Override
        public void onTapFrame(final int reason, final long readTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
            tapFrames++;
        }

        @Override
        public void onPeerFrame(final int reason, final long receiveTimeNs, final DirectBuffer buffer, final int offset, final int length)
        {
            peerFrames++;
        }
    }
}
