package org.ipop.engine.table;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The key slots of {@link ForwardingTable}: which key a lookup reports, and which edges count as authenticated. */
class ForwardingTableKeyTest
{
    static final int EDGE = 0xC0A80102;
    static final int PORT = 4000;

    final ForwardingTable table = new ForwardingTable(16, 16);
    final RouteLookup lookup = new RouteLookup();

    @Test
    void shouldReportTheDestinationsKeyNotTheNextHopsAndNoneByDefault()
    {
        table.addPeer(5, 50, 51, 52);
        table.addPeer(6, 60, 61, 62);
        table.setEdge(5, EDGE, PORT, 1);
        table.setRoute(0x0A000105, 5);
        table.setRoute(0x0A000106, 6);
        table.setNextHop(6, 5);

        assertTrue(table.resolveVip(0x0A000106, lookup));
        assertEquals(ForwardingTable.NO_KEY_SLOT, lookup.keySlot);

        assertTrue(table.setPeerKey(5, 11));
        assertTrue(table.setPeerKey(6, 12));
        assertTrue(table.resolveVip(0x0A000106, lookup));
        assertEquals(5, lookup.viaPeerId);
        assertEquals(EDGE, lookup.edgeAddress);
        assertEquals(12, lookup.keySlot, "sealed for the node it is addressed to, sent on the next hop's edge");
        assertTrue(table.resolvePeerId(5, lookup));
        assertEquals(11, lookup.keySlot);
        assertTrue(table.resolveVip(0x0A000105, lookup));
        assertEquals(11, lookup.keySlot);

        assertFalse(table.setPeerKey(7, 1), "not a peer");
        assertFalse(table.setPeerKey(5, -2));
        assertTrue(table.removePeer(6));
        assertTrue(table.addPeer(6, 60, 61, 62));
        assertTrue(table.setNextHop(6, 5));
        assertTrue(table.resolveVip(0x0A000106, lookup));
        assertEquals(ForwardingTable.NO_KEY_SLOT, lookup.keySlot, "a removed peer forgets its key");
    }

    @Test
    void shouldCountAnEdgeAsAuthenticatedWhileSomePeerWithAKeyHasIt()
    {
        table.addPeer(5, 50, 51, 52);
        table.addPeer(6, 60, 61, 62);
        assertFalse(table.isAuthenticatedEdge(EDGE, PORT));

        table.setEdge(5, EDGE, PORT, 1);
        assertFalse(table.isAuthenticatedEdge(EDGE, PORT), "an edge without a key");
        table.setPeerKey(5, 3);
        assertTrue(table.isAuthenticatedEdge(EDGE, PORT));
        assertFalse(table.isAuthenticatedEdge(EDGE, PORT + 1));
        assertFalse(table.isAuthenticatedEdge(EDGE + 1, PORT));

        // two peers behind one address (a NAT): the edge stays authenticated until both are gone
        table.setEdge(6, EDGE, PORT, 2);
        table.setPeerKey(6, 4);
        table.removeEdge(5);
        assertTrue(table.isAuthenticatedEdge(EDGE, PORT));
        table.setEdge(6, EDGE, PORT + 1, 2);
        assertFalse(table.isAuthenticatedEdge(EDGE, PORT), "the edge moved");
        assertTrue(table.isAuthenticatedEdge(EDGE, PORT + 1));
        table.setPeerKey(6, ForwardingTable.NO_KEY_SLOT);
        assertFalse(table.isAuthenticatedEdge(EDGE, PORT + 1));

        table.setPeerKey(6, 4);
        assertTrue(table.isAuthenticatedEdge(EDGE, PORT + 1));
        table.removePeer(6);
        assertFalse(table.isAuthenticatedEdge(EDGE, PORT + 1));
        // addresses with the high bit set (>= 128.0.0.0) are keyed like any other
        table.addPeer(6, 60, 61, 62);
        table.setEdge(6, 0xFFFFFFFF, 65535, 2);
        table.setPeerKey(6, 4);
        assertTrue(table.isAuthenticatedEdge(0xFFFFFFFF, 65535));
        assertFalse(table.isAuthenticatedEdge(0x7FFFFFFF, 65535));
    }
}
