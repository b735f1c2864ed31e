package org.ipop.overlay.dht;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.control.ControlCounter;
import org.ipop.overlay.control.ControlPlane;
import org.ipop.overlay.control.ControlPlaneExtension;
import org.ipop.overlay.control.InputJournal;
import org.ipop.overlay.sim.RingMetrics;
import org.ipop.overlay.sim.Simulator;
import org.ipop.overlay.wire.RoutedFlyweight;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlPlaneExtensionTest
{
    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldRefuseReservedOrTakenPayloadTypes()
    {
        final Simulator sim = new Simulator(1, 1, i -> InputJournal.NULL);
        final ControlPlane plane = sim.addNode(0).plane();
        assertThrows(IllegalArgumentException.class, () -> plane.attach(extension(RoutedFlyweight.PAYLOAD_PROBE),
            new UnsafeBuffer(new byte[0]), 0, 0));
        ReplicatedDht.attach(plane, new DhtContext());
        assertThrows(IllegalArgumentException.class, () -> ReplicatedDht.attach(plane, new DhtContext()));
    }

    @Test
    void shouldDropAndCountDhtMessagesAtANodeWithoutTheDhtWhileTheOthersStillReachAMajority()
    {
        final Simulator sim = new Simulator(3, 3, i -> InputJournal.NULL);
        final List<ReplicatedDht> dhts = new ArrayList<>();
        final int bare = 7;
        for (int i = 0; i < 20; i++)
        {
            final ControlPlane p = sim.addNode(i * SECOND / 10).plane();
            dhts.add(i == bare ? null : ReplicatedDht.attach(p, new DhtContext()).clock(sim::now));
        }
        sim.runUntil(30 * SECOND);
        assertEquals(1.0, RingMetrics.consistency(sim));
        final long before = sim.node(bare).plane().counters().get(ControlCounter.DROP_UNKNOWN_TYPE);
        final int[] ok = new int[1];
        for (int k = 0; k < 40; k++)
        {
            dhts.get(k % 20 == bare ? 0 : k % 20).put(("k" + k).getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8), 60, s -> ok[0] += s == DhtStatus.OK ? 1 : 0);
        }
        sim.runUntil(sim.now() + 20 * SECOND);
        assertEquals(40, ok[0], "a majority of replicas answered every put");
        assertTrue(sim.node(bare).plane().counters().get(ControlCounter.DROP_UNKNOWN_TYPE) > before,
            "the node without a DHT dropped and counted the requests for its replicas");
    }

    private static ControlPlaneExtension extension(final int payloadType)
    {
        return new ControlPlaneExtension()
        {
            @Override
            public int payloadType()
            {
                return payloadType;
            }

            @Override
            public void onDelivered(final RoutedFlyweight message)
            {
            }

            @Override
            public void onCommand(final DirectBuffer buffer, final int offset, final int length)
            {
            }

            @Override
            public void onTick(final long nowNs)
            {
            }

            @Override
            public void onConnectionsChanged()
            {
            }

            @Override
            public void digest(final MessageDigest digest)
            {
            }
        };
    }
}
