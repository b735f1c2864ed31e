package org.ipop.overlay.service.dhcp;

import static org.ipop.overlay.service.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.frame.Ipv4Address;
import org.ipop.overlay.service.frame.MacAddress;
import org.junit.jupiter.api.Test;

class DhcpRequestDecoderTest
{
    /**
     * DHCPDISCOVER as busybox udhcpc 1.36 sends it with {@code -x hostname:alice -r 10.128.0.50}: BOOTP
     * fixed part (no broadcast flag), cookie, 53, 61 client id, 50, 57 max size, 55 list, 60 vendor, 12,
     * end, zero padding to 300 bytes.
     */
    static final byte[] UDHCPC_DISCOVER = udhcpcDiscover();

    private static byte[] udhcpcDiscover()
    {
        final String fixed =
            "01 01 06 00 3903f326 0000 0000 00000000 00000000 00000000 00000000" +
            "525400123456 00000000000000000000" + "00".repeat(64 + 128) + "63825363";
        final String options =
            "35 01 01" +
            "3d 07 01 525400123456" +
            "32 04 0a800032" +
            "39 02 0240" +
            "37 07 01 03 06 0c 0f 1c 2a" +
            "3c 0c 756468637020312e33362e31" +
            "0c 05 616c696365" +
            "ff";
        final byte[] body = hex(fixed + options);
        final byte[] padded = new byte[300];
        System.arraycopy(body, 0, padded, 0, body.length);
        return padded;
    }

    private final DhcpRequestDecoder decoder = new DhcpRequestDecoder();
    private final DhcpRequest request = new DhcpRequest();

    private DropReason decode(final byte[] bytes)
    {
        return decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, request);
    }

    @Test
    void shouldDecodeUdhcpcDiscover()
    {
        assertEquals(DropReason.NONE, decode(UDHCPC_DISCOVER));
        assertEquals(DhcpOption.DISCOVER, request.messageType());
        assertEquals(0x3903f326, request.xid());
        assertEquals(0, request.flags());
        assertEquals(MacAddress.parse("52:54:00:12:34:56"), request.chaddr());
        assertEquals(Ipv4Address.parse("10.128.0.50"), request.requestedIp());
        assertEquals("alice", request.hostname());
        assertEquals(7, request.parameterCount());
        assertEquals(DhcpOption.SUBNET_MASK, request.parameter(0));
        assertEquals(42, request.parameter(6));
        assertEquals(7, request.clientIdLength());
        assertEquals(0, request.serverId());
        assertEquals(-1, request.leaseTime());
    }

    @Test
    void shouldRejectEveryTruncationBeforeTheOptions()
    {
        for (int length = 0; length < DhcpMessageFlyweight.OPTIONS_OFFSET; length++)
        {
            assertEquals(DropReason.DHCP_TRUNCATED,
                decoder.decode(new UnsafeBuffer(UDHCPC_DISCOVER), 0, length, request), "length " + length);
        }
    }

    @Test
    void shouldRejectOptionRunningPastTheEnd()
    {
        // cut inside option 61 (starts at 243, 9 bytes long)
        assertEquals(DropReason.DHCP_BAD_OPTION, decoder.decode(new UnsafeBuffer(UDHCPC_DISCOVER), 0, 250, request));
        // cut between a code and its length
        assertEquals(DropReason.DHCP_BAD_OPTION, decoder.decode(new UnsafeBuffer(UDHCPC_DISCOVER), 0, 244, request));
    }

    @Test
    void shouldAcceptOptionsThatEndWithoutEndOption()
    {
        assertEquals(DropReason.NONE, decoder.decode(new UnsafeBuffer(UDHCPC_DISCOVER), 0, 243, request));
        assertEquals(DhcpOption.DISCOVER, request.messageType());
    }

    @Test
    void shouldRejectBadCookieReplyOpAndNonEthernet()
    {
        final byte[] cookie = UDHCPC_DISCOVER.clone();
        cookie[239] = 0x64;
        assertEquals(DropReason.DHCP_BAD_COOKIE, decode(cookie));
        final byte[] reply = UDHCPC_DISCOVER.clone();
        reply[0] = 2;
        assertEquals(DropReason.DHCP_NOT_A_REQUEST, decode(reply));
        final byte[] hlen = UDHCPC_DISCOVER.clone();
        hlen[2] = 16;
        assertEquals(DropReason.DHCP_UNSUPPORTED_HARDWARE, decode(hlen));
    }

    @Test
    void shouldRejectOptionOverloadAndBadFixedLengths()
    {
        final byte[] overload = UDHCPC_DISCOVER.clone();
        overload[240 + 3] = 52;
        overload[240 + 4] = 1;
        overload[240 + 5] = 3;
        overload[240 + 6] = 0;
        overload[240 + 7] = 0;
        overload[240 + 8] = 0;
        overload[240 + 9] = 0;
        overload[240 + 10] = 0;
        overload[240 + 11] = 0;
        assertEquals(DropReason.DHCP_OPTION_OVERLOAD, decode(overload));

        final byte[] shortType = UDHCPC_DISCOVER.clone();
        shortType[241] = 0;
        assertEquals(DropReason.DHCP_BAD_OPTION, decode(shortType));
    }

    @Test
    void shouldRequireMessageType()
    {
        final byte[] bootp = UDHCPC_DISCOVER.clone();
        bootp[240] = 0;
        bootp[241] = 0;
        bootp[242] = 0;
        assertEquals(DropReason.DHCP_MISSING_MESSAGE_TYPE, decode(bootp));
    }

    @Test
    void shouldReduceHostnameToLowerCaseLabelOrDropIt()
    {
        final byte[] fqdn = UDHCPC_DISCOVER.clone();
        final int at = UDHCPC_DISCOVER.length - 300 + 240 + 3 + 9 + 6 + 4 + 9 + 14;
        assertEquals(12, fqdn[at]);
        fqdn[at + 2] = 'A';
        fqdn[at + 5] = '.';
        assertEquals(DropReason.NONE, decode(fqdn));
        assertEquals("ali", request.hostname());

        final byte[] bad = UDHCPC_DISCOVER.clone();
        bad[at + 3] = '_';
        assertEquals(DropReason.NONE, decode(bad));
        assertNull(request.hostname());
    }
}
