package org.ipop.engine.table;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.NodeAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

class ForwardingTableTest
{
    final ForwardingTable table = new ForwardingTable(16, 16);
    final RouteLookup lookup = new RouteLookup();

    static UnsafeBuffer address(final long w0, final long w1, final int w2)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[NodeAddress.LENGTH]);
        NodeAddress.put(buffer, 0, w0, w1, w2);
        return buffer;
    }

    @Test
    void shouldResolveVipToThePeersEdgeAndAddresses()
    {
        table.setLocalNode(1, 2, 3);
        assertTrue(table.addPeer(5, 50, 51, 52));
        assertTrue(table.setEdge(5, 0x0A000002, 4000, 9));
        assertTrue(table.setRoute(0x0A000105, 5));

        assertTrue(table.resolveVip(0x0A000105, lookup));
        assertEquals(5, lookup.peerId);
        assertEquals(5, lookup.viaPeerId);
        assertEquals(0x0A000002, lookup.edgeAddress);
        assertEquals(4000, lookup.edgePort);
        assertEquals(9, lookup.edgeSessionId);
        assertEquals(50, lookup.dstWord0);
        assertEquals(51, lookup.dstWord1);
        assertEquals(52, lookup.dstWord2);
        assertEquals(1, lookup.localWord0);
        assertFalse(table.resolveVip(0x0A000106, lookup));
    }

    @Test
    void shouldLeaveThroughTheNextHopEdgeUntilTheNextHopIsRemoved()
    {
        table.addPeer(5, 50, 51, 52);
        table.addPeer(6, 60, 61, 62);
        table.setEdge(5, 0x0A000005, 4005, 1);
        table.setRoute(0x0A000106, 6);
        assertFalse(table.resolveVip(0x0A000106, lookup), "peer 6 has no edge and no next hop");

        assertTrue(table.setNextHop(6, 5));
        assertTrue(table.resolveVip(0x0A000106, lookup));
        assertEquals(6, lookup.peerId);
        assertEquals(5, lookup.viaPeerId);
        assertEquals(0x0A000005, lookup.edgeAddress);
        assertEquals(60, lookup.dstWord0);

        assertTrue(table.removeNextHop(6));
        assertFalse(table.resolveVip(0x0A000106, lookup));
    }

    @Test
    void shouldResolveNodeAddressesVerifyingAllTwentyBytes()
    {
        table.addPeer(5, 50, 51, 52);
        table.setEdge(5, 7, 4005, 1);
        assertTrue(table.resolveNode(address(50, 51, 52), 0, lookup));
        assertEquals(5, lookup.peerId);
        assertFalse(table.resolveNode(address(50, 51, 53), 0, lookup), "same prefix, different address");
        assertFalse(table.resolveNode(address(50, 99, 52), 0, lookup));
    }

    @Test
    void shouldVerifyTheSourceAddressAgainstAllTwentyBytesOfTheSender()
    {
        table.addPeer(5, 50, 51, 52);
        table.addPeer(6, 60, 61, 62);
        table.setRoute(0x0A000105, 5);

        assertEquals(ForwardingTable.SOURCE_VERIFIED, table.checkSource(0x0A000105, address(50, 51, 52), 0));
        assertEquals(ForwardingTable.SOURCE_MISMATCH, table.checkSource(0x0A000105, address(60, 61, 62), 0));
        assertEquals(ForwardingTable.SOURCE_MISMATCH, table.checkSource(0x0A000105, address(50, 51, 53), 0),
            "same prefix, different address");
        assertEquals(ForwardingTable.SOURCE_UNKNOWN, table.checkSource(0x0A000106, address(60, 61, 62), 0));

        table.removePeer(5);
        assertEquals(ForwardingTable.SOURCE_UNKNOWN, table.checkSource(0x0A000105, address(50, 51, 52), 0),
            "a route to a removed peer vouches for nobody");
    }

    @Test
    void shouldKeepMembersUniqueAndForgetThemWithTheirPeer()
    {
        final int[] ids = new int[table.maxPeers()];
        assertFalse(table.addMember(3), "not present");
        table.addPeer(3, 30, 31, 32);
        table.addPeer(4, 40, 41, 42);
        table.addPeer(5, 50, 51, 52);
        assertTrue(table.addMember(3));
        assertTrue(table.addMember(4));
        assertTrue(table.addMember(5));
        assertFalse(table.addMember(4), "already a member");
        assertEquals(3, table.members(ids));

        assertTrue(table.removeMember(3));
        assertFalse(table.removeMember(3));
        assertTrue(table.removePeer(5));
        assertEquals(1, table.members(ids));
        assertEquals(4, ids[0]);
        assertEquals(1, table.memberCount());

        table.addPeer(5, 50, 51, 52);
        assertEquals(1, table.members(ids), "a re-added peer is no member until made one");
        assertFalse(table.resolvePeerId(4, lookup), "member 4 has no edge yet");
        table.setEdge(4, 0x0A000004, 4004, 2);
        assertTrue(table.resolvePeerId(4, lookup));
        assertEquals(0x0A000004, lookup.edgeAddress);
        assertEquals(40, lookup.dstWord0);
    }

    @Test
    void shouldRejectASecondPeerWithTheSamePrefix()
    {
        assertTrue(table.addPeer(5, 50, 51, 52));
        assertFalse(table.addPeer(6, 50, 1, 1));
        assertTrue(table.addPeer(5, 70, 71, 72), "re-binding the same peer id moves its prefix");
        assertTrue(table.addPeer(6, 50, 1, 1));
    }

    @Test
    void shouldForgetEverythingAboutARemovedPeer()
    {
        table.addPeer(5, 50, 51, 52);
        table.setEdge(5, 7, 4005, 1);
        table.setRoute(10, 5);
        assertTrue(table.removePeer(5));
        assertFalse(table.resolveVip(10, lookup));
        assertFalse(table.resolveNode(address(50, 51, 52), 0, lookup));
        assertFalse(table.setEdge(5, 7, 4005, 1));
        assertFalse(table.removePeer(5));
    }

    @Test
    void shouldRejectInvalidCommands()
    {
        assertFalse(table.addPeer(0, 1, 1, 1));
        assertFalse(table.addPeer(16, 1, 1, 1));
        assertFalse(table.setRoute(10, 3), "unknown peer");
        table.addPeer(3, 1, 1, 1);
        assertFalse(table.setEdge(3, 1, 0, 0), "port 0");
        assertFalse(table.setNextHop(3, 3));
        assertFalse(table.removeRoute(10));
        assertFalse(table.removeEdge(3));
    }

    @Test
    void shouldHoldAtMostMaxRoutes()
    {
        table.addPeer(3, 1, 1, 1);
        for (int vip = 0; vip < 16; vip++)
        {
            assertTrue(table.setRoute(vip, 3));
        }
        assertFalse(table.setRoute(100, 3));
        assertTrue(table.setRoute(5, 3), "replacing an existing route is allowed when full");
        assertEquals(16, table.routeCount());
    }

    @Test
    void shouldMatchTheLocalNodeOnlyOnceSet()
    {
        assertFalse(table.isLocalNode(address(0, 0, 0), 0));
        assertFalse(table.localNode(lookup));
        table.setLocalNode(4, 5, 6);
        assertTrue(table.isLocalNode(address(4, 5, 6), 0));
        assertFalse(table.isLocalNode(address(4, 5, 7), 0));
        assertTrue(table.localNode(lookup));
        assertEquals(6, lookup.localWord2);
    }

    /**
     * A writer keeps rewriting a peer's node address and both edges so that all fields one command writes
     * carry the same generation number; a lookup may see an older command's result, but never the fields
     * of one command half from one generation and half from another.
     */
    @Test
    @Timeout(60)
    void shouldNeverReturnAMixedEntryWhileAWriterUpdatesConcurrently() throws Exception
    {
        final ForwardingTable table = new ForwardingTable(8, 8);
        final int vip = 0x0A000001;
        table.addPeer(1, 0, 0, ~0);
        table.addPeer(2, 1L << 40, 0, 0);
        table.setEdge(1, 0, 1, 0);
        table.setEdge(2, 0, 1, 0);
        table.setRoute(vip, 1);

        final int generations = 300_000;
        final AtomicBoolean done = new AtomicBoolean();
        final AtomicReference<String> failure = new AtomicReference<>();
        final long[] lookups = new long[1];

        final Thread reader = new Thread(() ->
        {
            final RouteLookup out = new RouteLookup();
            long count = 0;
            while (!done.get() && null == failure.get())
            {
                if (table.resolveVip(vip, out))
                {
                    final int g = out.edgeSessionId;
                    final int n = (int)out.dstWord1;
                    final boolean consistent =
                        out.edgeAddress == g &&
                        out.edgePort == (g & 0xFFFF) + 1 &&
                        out.dstWord2 == ~n &&
                        out.dstWord0 == (long)n << 1 &&
                        (out.viaPeerId == 1 || out.viaPeerId == 2);
                    if (!consistent)
                    {
                        failure.set("torn entry at generation " + g + "/" + n + ": address=" + out.edgeAddress +
                            " port=" + out.edgePort + " w0=" + out.dstWord0 + " w1=" + out.dstWord1 +
                            " w2=" + out.dstWord2 + " via=" + out.viaPeerId);
                    }
                }
                count++;
            }
            lookups[0] = count;
        });
        reader.start();

        for (int g = 1; g <= generations && null == failure.get(); g++)
        {
            table.addPeer(1, (long)g << 1, g, ~g);
            table.setEdge(1, g, (g & 0xFFFF) + 1, g);
            table.setEdge(2, g, (g & 0xFFFF) + 1, g);
            if ((g & 1) == 1)
            {
                table.setNextHop(1, 2);
            }
            else
            {
                table.removeNextHop(1);
            }
        }
        done.set(true);
        reader.join();

        assertNull(failure.get());
        assertTrue(lookups[0] > 0);
    }
}
