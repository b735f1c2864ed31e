package org.ipop.overlay.service.frame;

import static org.ipop.overlay.service.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.junit.jupiter.api.Test;

class EthernetArpFlyweightTest
{
    /** "who-has 10.128.0.1 tell 10.128.0.23" as a Linux host sends it (padding omitted by the TAP). */
    private static final byte[] WHO_HAS = hex(
        "ffffffffffff 525400123456 0806" +
        "0001 0800 06 04 0001 525400123456 0a800017 000000000000 0a800001");

    private final EthernetFlyweight ethernet = new EthernetFlyweight();
    private final ArpFlyweight arp = new ArpFlyweight();

    @Test
    void shouldDecodeArpWhoHasFromHost()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(WHO_HAS);
        ethernet.wrap(buffer, 0, WHO_HAS.length);
        assertEquals(DropReason.NONE, ethernet.validate());
        assertEquals(MacAddress.BROADCAST, ethernet.destination());
        assertEquals(MacAddress.parse("52:54:00:12:34:56"), ethernet.source());
        assertEquals(EthernetFlyweight.ETHER_TYPE_ARP, ethernet.etherType());

        arp.wrap(buffer, ethernet.payloadOffset(), ethernet.payloadLength());
        assertEquals(DropReason.NONE, arp.validate());
        assertEquals(ArpFlyweight.OPERATION_REQUEST, arp.operation());
        assertEquals(MacAddress.parse("52:54:00:12:34:56"), arp.senderMac());
        assertEquals(Ipv4Address.parse("10.128.0.23"), arp.senderIp());
        assertEquals(0L, arp.targetMac());
        assertEquals(Ipv4Address.parse("10.128.0.1"), arp.targetIp());
    }

    @Test
    void shouldRejectTruncatedEthernetHeader()
    {
        ethernet.wrap(new UnsafeBuffer(WHO_HAS), 0, 13);
        assertEquals(DropReason.ETHERNET_TRUNCATED, ethernet.validate());
    }

    @Test
    void shouldRejectEveryTruncationOfArpBody()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(WHO_HAS);
        for (int length = 0; length < ArpFlyweight.LENGTH; length++)
        {
            assertEquals(DropReason.ARP_TRUNCATED, arp.wrap(buffer, 14, length).validate(), "length " + length);
        }
    }

    @Test
    void shouldRejectArpForOtherHardwareOrProtocol()
    {
        final byte[] tokenRing = WHO_HAS.clone();
        tokenRing[15] = 6;
        assertEquals(DropReason.ARP_UNSUPPORTED_FORMAT, arp.wrap(new UnsafeBuffer(tokenRing), 14, 28).validate());
        final byte[] ipv6 = WHO_HAS.clone();
        ipv6[16] = (byte)0x86;
        ipv6[17] = (byte)0xdd;
        assertEquals(DropReason.ARP_UNSUPPORTED_FORMAT, arp.wrap(new UnsafeBuffer(ipv6), 14, 28).validate());
        final byte[] rarp = WHO_HAS.clone();
        rarp[21] = 3;
        assertEquals(DropReason.ARP_UNSUPPORTED_OPCODE, arp.wrap(new UnsafeBuffer(rarp), 14, 28).validate());
    }

    @Test
    void shouldEncodeArpReplyThatDecodesBack()
    {
        final UnsafeBuffer out = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
        final long virtualMac = MacAddress.parse("02:69:70:6f:70:01");
        final int length = ArpFlyweight.encode(out, 3, ArpFlyweight.OPERATION_REPLY, virtualMac,
            Ipv4Address.parse("10.128.0.1"), MacAddress.parse("52:54:00:12:34:56"), Ipv4Address.parse("10.128.0.23"));
        assertEquals(28, length);
        final byte[] bytes = new byte[28];
        out.getBytes(3, bytes);
        assertArrayEquals(hex("0001 0800 06 04 0002 02697 06f7001 0a800001 525400123456 0a800017"), bytes);
    }

    @Test
    void shouldParseAndFormatMacAddresses()
    {
        final long mac = MacAddress.parse("02:69:70:6f:70:01");
        assertEquals("02:69:70:6f:70:01", MacAddress.toString(mac));
        assertEquals(true, MacAddress.isLocallyAdministered(mac));
        assertEquals(false, MacAddress.isMulticast(mac));
        assertEquals(true, MacAddress.isMulticast(MacAddress.BROADCAST));
    }
}
