package org.ipop.overlay.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TransportAddressTest
{
    @Test
    void shouldParsePrintAndPackTheSameAddress()
    {
        final TransportAddress address = TransportAddress.parse(" 192.0.2.7:4789 ");

        assertEquals(new TransportAddress(0xC0000207, 4789), address);
        assertEquals("192.0.2.7:4789", address.toString());
        assertEquals(TransportAddress.pack(0xC0000207, 4789), address.pack());
        assertEquals(0xC0000207, TransportAddress.ip(address.pack()));
        assertEquals(4789, TransportAddress.port(address.pack()));
        assertEquals("192.0.2.7:4789", TransportAddress.toString(address.pack()));
        assertEquals("255.255.255.255:65535", TransportAddress.toString(TransportAddress.pack(-1, 65535)));
    }

    @Test
    void shouldRejectWhatIsNotAnIpv4AddressAndPort()
    {
        for (final String text : new String[] {null, "", "192.0.2.7", ":4789", "192.0.2:4789", "192.0.2.256:1",
            "host.example:53", "192.0.2.7:x", "192.0.2.7:65536", "192.0.2.7:-1"})
        {
            assertThrows(IllegalArgumentException.class, () -> TransportAddress.parse(text), String.valueOf(text));
        }
        assertThrows(IllegalArgumentException.class, () -> new TransportAddress(1, 65536));
    }
}
