package org.ipop.overlay.namespace;

import org.ipop.overlay.service.TapServicesContext;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NamespaceConfigTest
{
    private static final int NET = 0xC0A8_0A00;

    @Test
    void shouldRoundTripThroughItsRecordValue()
    {
        final NamespaceConfig c = new NamespaceConfig("lab", NET, 24, 3600, NET + 1, NET + 53);
        assertEquals(c, NamespaceConfig.decode("lab", c.encode()));
        assertNull(NamespaceConfig.decode("lab", new byte[] {1, 24, 0}), "truncated");
        final byte[] bad = c.encode();
        bad[3] = 9;
        assertNull(NamespaceConfig.decode("lab", bad), "reserved count disagrees with the length");
    }

    @Test
    void shouldHandOutOnlyHostAddressesThatAreNotReserved()
    {
        final NamespaceConfig c = new NamespaceConfig("lab", NET + 77, 24, 3600, NET + 1);
        assertEquals(NET, c.network());
        assertFalse(c.assignable(NET), "network address");
        assertFalse(c.assignable(NET + 255), "broadcast address");
        assertFalse(c.assignable(NET + 1), "reserved");
        assertFalse(c.assignable(NET + 256), "outside the subnet");
        assertTrue(c.assignable(NET + 2));
        assertThrows(IllegalArgumentException.class, () -> new NamespaceConfig("a b", NET, 24, 3600));
        assertThrows(IllegalArgumentException.class, () -> new NamespaceConfig("lab", NET, 31, 3600));
    }

    @Test
    void shouldPrefixEveryKeyWithTheNamespace()
    {
        assertEquals("dhcp:lab:192.168.10.7", new String(IpopKeys.lease("lab", NET + 7), StandardCharsets.UTF_8));
        assertEquals("ip:lab:192.168.10.7", new String(IpopKeys.address("lab", NET + 7), StandardCharsets.UTF_8));
        assertEquals("host:lab:web", new String(IpopKeys.host("lab", "web"), StandardCharsets.UTF_8));
        assertEquals("ns:lab", new String(IpopKeys.namespace("lab"), StandardCharsets.UTF_8));
    }

    @Test
    void shouldReserveTheTapServicesVirtualAddresses()
    {
        final TapServicesContext tap = new TapServicesContext().subnet(NET, 24).gatewayIp(NET + 1).dnsIp(NET + 2)
            .conclude();
        final NamespaceConfig c = NamespaceConfig.of("lab", tap, 3600);
        assertFalse(c.assignable(NET + 1));
        assertFalse(c.assignable(NET + 2));
        assertTrue(c.assignable(NET + 3));
        assertEquals(24, c.prefixLength());
    }
}
