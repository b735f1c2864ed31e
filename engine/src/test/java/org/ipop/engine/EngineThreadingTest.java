package org.ipop.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.testkit.GeneratingDatagramEndpoint;
import org.ipop.engine.testkit.GeneratingFrameDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.File;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.ipop.engine.TestFrames.*;
import static org.junit.jupiter.api.Assertions.*;

/** Runs the engine on its own threads and checks frames flow both ways, and that close stops the threads. */
class EngineThreadingTest
{
    @TempDir
    File dir;

    @ParameterizedTest
    @EnumSource(value = ThreadingMode.class, names = { "DEDICATED", "SHARED" })
    @Timeout(60)
    void shouldMoveFramesBothWaysOnItsOwnThreadsAndStopThemOnClose(final ThreadingMode mode)
    {
        final byte[] local = node(1);
        final byte[] peer = node(50);
        final GeneratingFrameDevice tap = new GeneratingFrameDevice(
            ipv4Frame(ipv4(10, 0, 0, 1), ipv4(10, 0, 0, 2), 6, 1000)).readLimit(0);
        final GeneratingDatagramEndpoint udp = new GeneratingDatagramEndpoint(
            new byte[][] { dataFrame(peer, local, 8, ipv4Frame(ipv4(10, 0, 0, 2), ipv4(10, 0, 0, 1), 6, 500)) },
            new int[] { ipv4(192, 168, 1, 2) },
            new int[] { 5000 }).receiveLimit(0);

        final Engine engine = Engine.launch(new EngineContext()
            .frameDevice(tap)
            .datagramEndpoint(udp)
            .threadingMode(mode)
            .countersFile(new File(dir, "counters.dat")));
        try
        {
            assertNull(engine.invoker());
            engine.proxy().setLocalNode(new UnsafeBuffer(local), 0);
            engine.proxy().addPeer(2, new UnsafeBuffer(peer), 0);
            engine.proxy().setEdge(2, ipv4(192, 168, 1, 2), 5000, 3);
            engine.proxy().setRoute(ipv4(10, 0, 0, 2), 2);
            awaitTrue(() -> engine.context().counters().commandsApplied.get() == 4);

            udp.receiveLimit(5000);
            tap.readLimit(5000);
            awaitTrue(() -> tap.framesWritten() == 5000);
            awaitTrue(() -> udp.datagramsSent() == 5000);
            assertEquals(5000, engine.context().counters().udpDatagramsOut.get());
        }
        finally
        {
            engine.close();
        }
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            assertFalse(thread.getName().startsWith("ipop-") && thread.isAlive(), "still running: " + thread.getName());
        }
    }

    @Test
    void shouldRejectBadSettingsBeforeCreatingAnything()
    {
        final EngineContext ctx = new EngineContext()
            .frameDevice(new GeneratingFrameDevice())
            .datagramEndpoint(new GeneratingDatagramEndpoint())
            .countersFile(new File(dir, "bad.dat"))
            .eventRingCapacity(5000);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, ctx::conclude);
        assertTrue(ex.getMessage().contains("eventRingCapacity"), ex.getMessage());
        assertFalse(new File(dir, "bad.dat").exists());
        assertThrows(IllegalArgumentException.class, () -> new EngineContext().conclude());
        assertThrows(IllegalArgumentException.class, () -> new EngineContext()
            .frameDevice(new GeneratingFrameDevice()).datagramEndpoint(new GeneratingDatagramEndpoint()).mtu(20).conclude());
        assertThrows(IllegalArgumentException.class, () -> new EngineContext()
            .frameDevice(new GeneratingFrameDevice()).datagramEndpoint(new GeneratingDatagramEndpoint()).tapCpus("1-x").conclude());
    }

    @Test
    void shouldParseCpuLists()
    {
        assertEquals("{0, 2, 3, 4}", PinnedThreadFactory.parseCpuList("0, 2-4").toString());
        assertTrue(PinnedThreadFactory.parseCpuList("").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> PinnedThreadFactory.parseCpuList("3-1"));
    }

    @Test
    @Timeout(30)
    void shouldRunAPinnedThreadEvenWhenPinningIsUnavailable() throws Exception
    {
        final java.util.List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        final boolean[] ran = new boolean[1];
        final Thread thread = new PinnedThreadFactory(PinnedThreadFactory.parseCpuList("0"), "ipop-pin-test", errors::add)
            .newThread(() -> ran[0] = true);
        thread.start();
        thread.join();
        assertTrue(ran[0]);
        assertEquals("ipop-pin-test", thread.getName());
    }

    static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("condition not met within 20 s");
            }
            Thread.yield();
        }
    }
}
