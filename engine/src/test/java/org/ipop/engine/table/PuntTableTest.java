package org.ipop.engine.table;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class PuntTableTest
{
    static final int UDP = 17;
    static final int DNS_IP = 0x0A00_0035;
    static final int OTHER = 0x0A00_0002;

    final PuntTable table = new PuntTable(4);

    @Test
    void shouldMatchOnlyTheAddressProtocolAndPortOfARule()
    {
        assertEquals(0, table.match(DNS_IP, UDP, 53), "an empty table wants nothing");
        assertTrue(table.add(DNS_IP, UDP, 53, 3));
        assertEquals(3, table.match(DNS_IP, UDP, 53));
        assertEquals(0, table.match(OTHER, UDP, 53));
        assertEquals(0, table.match(DNS_IP, UDP, 54));
        assertEquals(0, table.match(DNS_IP, 6, 53));
    }

    @Test
    void shouldMatchTheWildcardForEveryAddressButPreferTheExactRule()
    {
        assertTrue(table.add(PuntTable.ANY_ADDRESS, UDP, 67, 2));
        assertEquals(2, table.match(OTHER, UDP, 67));
        assertEquals(2, table.match(-1, UDP, 67));
        assertTrue(table.add(-1, UDP, 67, 9));
        assertEquals(9, table.match(-1, UDP, 67));
        assertEquals(2, table.match(OTHER, UDP, 67));
    }

    @Test
    void shouldReplaceTheReasonOfAnExistingRule()
    {
        assertTrue(table.add(DNS_IP, UDP, 53, 3));
        assertTrue(table.add(DNS_IP, UDP, 53, 7));
        assertEquals(1, table.count());
        assertEquals(7, table.match(DNS_IP, UDP, 53));
    }

    @Test
    void shouldRemoveRulesAndReuseTheirSlots()
    {
        for (int port = 1; port <= 4; port++)
        {
            assertTrue(table.add(DNS_IP, UDP, port, port));
        }
        assertFalse(table.add(DNS_IP, UDP, 5, 5), "full");
        assertTrue(table.remove(DNS_IP, UDP, 2));
        assertFalse(table.remove(DNS_IP, UDP, 2), "already gone");
        assertEquals(0, table.match(DNS_IP, UDP, 2));
        assertTrue(table.add(DNS_IP, UDP, 5, 5));
        assertEquals(5, table.match(DNS_IP, UDP, 5));
        for (int port = 1; port <= 5; port++)
        {
            table.remove(DNS_IP, UDP, port);
        }
        assertEquals(0, table.count());
        assertEquals(0, table.match(DNS_IP, UDP, 4));
        assertTrue(table.add(DNS_IP, UDP, 4, 4), "all slots free again");
        assertEquals(4, table.match(DNS_IP, UDP, 4));
    }

    @Test
    void shouldRejectRulesThatCanNeverMatch()
    {
        assertFalse(table.add(DNS_IP, 6, 53, 3), "UDP only");
        assertFalse(table.add(DNS_IP, UDP, 0, 3));
        assertFalse(table.add(DNS_IP, UDP, 65536, 3));
        assertFalse(table.add(DNS_IP, UDP, 53, 0));
        assertFalse(table.add(DNS_IP, UDP, 53, 256));
        assertFalse(table.remove(PuntTable.ANY_ADDRESS, 0, 0), "no rule is the empty slot");
        assertEquals(0, table.count());
    }
}
