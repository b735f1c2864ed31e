package org.ipop.engine.control;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.agrona.concurrent.status.CountersManager;
import org.ipop.engine.status.EngineCounters;
import org.ipop.engine.table.PeerTrafficCounters;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A command ring the conductor does not drain for a while: commands wait in the proxy's backlog and reach the
 * ring, all of them and in offer order, once it drains; only a full backlog loses a command, counted and
 * reported. The ring is read here as the conductor reads it.
 */
class EngineProxyCommandBacklogTest
{
    static final int MAX_PEERS = 16;
    static final int RING_CAPACITY = 4096;
    /** SET_ROUTE records (8 bytes of payload, 8 of header) a 4 KiB ring holds. */
    static final int RING_ROUTES = RING_CAPACITY / 16;

    final RingBuffer commandRing = ring(RING_CAPACITY);
    final EngineCounters counters = new EngineCounters(new CountersManager(
        new UnsafeBuffer(new byte[64 * 1024]), new UnsafeBuffer(new byte[16 * 1024]), StandardCharsets.US_ASCII));
    final List<Throwable> errors = new ArrayList<>();
    final List<Integer> drainedTypes = new ArrayList<>();
    final List<Integer> drainedVips = new ArrayList<>();

    @Test
    void shouldApplyEveryCommandInOfferOrderWhenTheRingFillsUp()
    {
        final EngineProxy proxy = proxy(64 * 1024);
        final int offered = 1000;
        for (int i = 0; i < offered; i++)
        {
            assertTrue(proxy.setRoute(i, 1 + i % (MAX_PEERS - 1)));
        }
        assertTrue(proxy.hasBackloggedCommands());
        assertEquals(offered - RING_ROUTES, counters.commandsBacklogged.get());
        assertEquals(EngineProxy.COMMAND_OFFER_ATTEMPTS - 1, counters.commandOfferRetries.get());

        drainRing();   // the conductor catches up once: the ring has room, the backlog is still long
        assertTrue(proxy.removeRoute(offered));   // must not overtake the backlog
        drainAll(proxy);

        final List<Integer> expected = new ArrayList<>();
        for (int i = 0; i <= offered; i++)
        {
            expected.add(i);
        }
        assertEquals(expected, drainedVips);
        assertEquals(RingDescriptor.REMOVE_ROUTE, drainedTypes.get(offered));
        assertFalse(proxy.hasBackloggedCommands());
        assertEquals(offered + 1 - RING_ROUTES, counters.commandsBacklogged.get());
        assertEquals(0, counters.commandsLost.get());
        assertTrue(errors.isEmpty());
    }

    @Test
    void shouldKeepTheOrderOfCommandsOfDifferentTypes()
    {
        final EngineProxy proxy = proxy(64 * 1024);
        fillRing(proxy);
        assertTrue(proxy.addPeer(5, new UnsafeBuffer(new byte[20]), 0));
        assertTrue(proxy.setEdge(5, 1, 2, 3));
        assertTrue(proxy.removeEdge(5));
        drainAll(proxy);

        final int n = drainedTypes.size();
        assertEquals(List.of(RingDescriptor.ADD_PEER, RingDescriptor.SET_EDGE, RingDescriptor.REMOVE_EDGE),
            drainedTypes.subList(n - 3, n));
        assertEquals(3, counters.commandsBacklogged.get());
    }

    @Test
    void shouldCountAndReportACommandLostToAFullBacklog()
    {
        final EngineProxy proxy = proxy(64);   // two SET_ROUTE entries of 24 bytes
        fillRing(proxy);
        assertTrue(proxy.setRoute(RING_ROUTES, 1));
        assertTrue(proxy.setRoute(RING_ROUTES + 1, 1));
        assertFalse(proxy.setRoute(RING_ROUTES + 2, 1));

        assertEquals(2, counters.commandsBacklogged.get());
        assertEquals(1, counters.commandsLost.get());
        assertEquals(1, errors.size());

        drainAll(proxy);
        assertTrue(proxy.setRoute(RING_ROUTES + 3, 1));
        drainAll(proxy);
        assertEquals(RING_ROUTES + 3, drainedVips.size());
        assertEquals(List.of(RING_ROUTES, RING_ROUTES + 1, RING_ROUTES + 3),
            drainedVips.subList(RING_ROUTES, RING_ROUTES + 3));
    }

    private void fillRing(final EngineProxy proxy)
    {
        for (int i = 0; i < RING_ROUTES; i++)
        {
            assertTrue(proxy.setRoute(i, 1));
        }
        assertFalse(proxy.hasBackloggedCommands());
        assertEquals(0, counters.commandOfferRetries.get());
    }

    private EngineProxy proxy(final int backlogCapacity)
    {
        return new EngineProxy(
            commandRing, ring(RING_CAPACITY), ring(RING_CAPACITY), counters,
            new PeerTrafficCounters(new UnsafeBuffer(new byte[PeerTrafficCounters.requiredLength(MAX_PEERS)]), MAX_PEERS),
            errors::add, backlogCapacity, 1000, 1000);
    }

    /** Drains ring and backlog as the conductor and the control-plane duty cycle do, until both are empty. */
    private void drainAll(final EngineProxy proxy)
    {
        do
        {
            drainRing();
        }
        while (proxy.flushCommands() > 0);
    }

    private void drainRing()
    {
        while (commandRing.read((type, buffer, index, length) ->
        {
            drainedTypes.add(type);
            if (type == RingDescriptor.SET_ROUTE || type == RingDescriptor.REMOVE_ROUTE)
            {
                drainedVips.add(buffer.getInt(index + RingDescriptor.VIP_OFFSET));
            }
        }) > 0)
        {
            // read until the ring is empty
        }
    }

    private static RingBuffer ring(final int capacity)
    {
        return new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }
}
