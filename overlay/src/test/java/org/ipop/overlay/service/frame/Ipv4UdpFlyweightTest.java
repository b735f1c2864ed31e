package org.ipop.overlay.service.frame;

import static org.ipop.overlay.service.TestFrames.hex;
import static org.ipop.overlay.service.TestFrames.referenceChecksum;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.ipop.overlay.service.TestFrames;
import org.ipop.overlay.service.UdpReply;
import org.junit.jupiter.api.Test;

class Ipv4UdpFlyweightTest
{
    /** The IPv4 header of Wikipedia's checksum example: 45 00 00 73 ... checksum b8 61. */
    private static final byte[] REFERENCE_HEADER = hex("4500 0073 0000 4000 4011 b861 c0a8 0001 c0a8 00c7");

    private final Ipv4Flyweight ipv4 = new Ipv4Flyweight();
    private final UdpFlyweight udp = new UdpFlyweight();

    @Test
    void shouldComputeKnownHeaderChecksum()
    {
        final byte[] packet = new byte[0x73];
        System.arraycopy(REFERENCE_HEADER, 0, packet, 0, 20);
        ipv4.wrap(new UnsafeBuffer(packet), 0, packet.length);
        assertEquals(DropReason.NONE, ipv4.validate());
        assertEquals(0xb861, ipv4.computeHeaderChecksum());
        assertTrue(ipv4.isHeaderChecksumValid());
        assertEquals(Ipv4Address.parse("192.168.0.199"), ipv4.destination());
        assertEquals(17, ipv4.protocol());
        assertEquals(0x73 - 20, ipv4.payloadLength());
    }

    @Test
    void shouldRejectCorruptedHeaderChecksum()
    {
        final byte[] packet = new byte[0x73];
        System.arraycopy(REFERENCE_HEADER, 0, packet, 0, 20);
        packet[8] = 63;
        assertEquals(DropReason.IPV4_BAD_CHECKSUM, ipv4.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
    }

    @Test
    void shouldReportOptionsLengthAndPayloadAfterOptions()
    {
        final byte[] packet = hex("4600 0020 0001 0000 4011 0000 0a000001 0a000002 94040000 0035 0035 0008 0000");
        final int sum = referenceChecksum(packet, 0, 24, 0);
        packet[10] = (byte)(sum >>> 8);
        packet[11] = (byte)sum;
        ipv4.wrap(new UnsafeBuffer(packet), 0, packet.length);
        assertEquals(DropReason.NONE, ipv4.validate());
        assertEquals(24, ipv4.headerLength());
        assertEquals(4, ipv4.optionsLength());
        assertEquals(24, ipv4.payloadOffset());
        assertEquals(8, ipv4.payloadLength());
    }

    @Test
    void shouldRejectLengthFieldsInconsistentWithTheBytes()
    {
        final byte[] udpPacket = TestFrames.ipv4Udp(1, 2, 3, 4, new byte[10], true);
        final UnsafeBuffer buffer = new UnsafeBuffer(udpPacket);
        assertEquals(DropReason.IPV4_TRUNCATED, ipv4.wrap(buffer, 0, 19).validate());
        assertEquals(DropReason.IPV4_TRUNCATED, ipv4.wrap(buffer, 0, udpPacket.length - 1).validate());

        final byte[] version6 = udpPacket.clone();
        version6[0] = 0x65;
        assertEquals(DropReason.IPV4_BAD_VERSION, ipv4.wrap(new UnsafeBuffer(version6), 0, 38).validate());
        final byte[] shortIhl = udpPacket.clone();
        shortIhl[0] = 0x44;
        assertEquals(DropReason.IPV4_BAD_HEADER_LENGTH, ipv4.wrap(new UnsafeBuffer(shortIhl), 0, 38).validate());
        final byte[] hugeIhl = udpPacket.clone();
        hugeIhl[0] = 0x4F;
        assertEquals(DropReason.IPV4_TRUNCATED, ipv4.wrap(new UnsafeBuffer(hugeIhl), 0, 38).validate());
    }

    @Test
    void shouldRejectFragments()
    {
        final byte[] packet = TestFrames.ipv4Udp(1, 2, 3, 4, new byte[10], true);
        packet[6] = 0x20;
        packet[10] = 0;
        packet[11] = 0;
        final int sum = referenceChecksum(packet, 0, 20, 0);
        packet[10] = (byte)(sum >>> 8);
        packet[11] = (byte)sum;
        assertEquals(DropReason.IPV4_FRAGMENT, ipv4.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
    }

    @Test
    void shouldAcceptEthernetPaddingBeyondTotalLength()
    {
        final byte[] packet = TestFrames.ipv4Udp(1, 2, 3, 4, new byte[2], true);
        final byte[] padded = new byte[46];
        System.arraycopy(packet, 0, padded, 0, packet.length);
        ipv4.wrap(new UnsafeBuffer(padded), 0, padded.length);
        assertEquals(DropReason.NONE, ipv4.validate());
        assertEquals(10, ipv4.payloadLength());
    }

    @Test
    void shouldVerifyUdpChecksumAndAcceptZero()
    {
        final int src = Ipv4Address.parse("10.128.0.23");
        final int dst = Ipv4Address.parse("10.128.0.1");
        final byte[] packet = TestFrames.ipv4Udp(src, dst, 5353, 53, "payload!".getBytes(), true);
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        udp.wrap(buffer, 20, packet.length - 20);
        assertEquals(DropReason.NONE, udp.validate());
        assertTrue(udp.isChecksumValid(src, dst));
        assertFalse(udp.isChecksumValid(src, dst + 1));

        final byte[] noChecksum = TestFrames.ipv4Udp(src, dst, 5353, 53, "payload!".getBytes(), false);
        udp.wrap(new UnsafeBuffer(noChecksum), 20, noChecksum.length - 20);
        assertEquals(0, udp.checksum());
        assertTrue(udp.isChecksumValid(src, dst + 1));
    }

    @Test
    void shouldRejectUdpLengthBeyondIpPayloadOrBelowHeader()
    {
        final byte[] packet = TestFrames.ipv4Udp(1, 2, 3, 4, new byte[4], true);
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        assertEquals(DropReason.UDP_TRUNCATED, udp.wrap(buffer, 20, 7).validate());
        assertEquals(DropReason.UDP_TRUNCATED, udp.wrap(buffer, 20, 11).validate());
        packet[25] = 7;
        assertEquals(DropReason.UDP_BAD_LENGTH, udp.wrap(buffer, 20, 12).validate());
    }

    @Test
    void shouldEncodeFramesThatIndependentCodeAccepts()
    {
        final Random random = new Random(42);
        final UdpFrameEncoder encoder = new UdpFrameEncoder();
        final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1600));
        for (int i = 0; i < 500; i++)
        {
            final byte[] payload = new byte[random.nextInt(1400)];
            random.nextBytes(payload);
            final int src = random.nextInt();
            final int dst = random.nextInt();
            buffer.putBytes(UdpFrameEncoder.PAYLOAD_OFFSET, payload);
            final int length = encoder.encode(buffer, 0, 0x02_00_00_00_00_01L, 0x52_54_00_00_00_02L, src, dst,
                67, 68, payload.length);
            assertEquals(42 + payload.length, length);
            final byte[] frame = new byte[length];
            buffer.getBytes(0, frame);
            final UdpReply reply = new UdpReply(frame);
            assertEquals(src, reply.srcIp);
            assertEquals(dst, reply.dstIp);
            assertEquals(67, reply.srcPort);
            assertEquals(68, reply.dstPort);
            assertEquals(0x02_00_00_00_00_01L, reply.srcMac);
            assertEquals(0x52_54_00_00_00_02L, reply.dstMac);
            assertArrayEquals(payload, reply.payload);

            final Ipv4Flyweight ip = new Ipv4Flyweight().wrap(buffer, 14, length - 14);
            assertEquals(DropReason.NONE, ip.validate());
            final UdpFlyweight u = new UdpFlyweight().wrap(buffer, ip.payloadOffset(), ip.payloadLength());
            assertEquals(DropReason.NONE, u.validate());
            assertTrue(u.isChecksumValid(src, dst));
        }
    }

    @Test
    void shouldRefusePayloadThatDoesNotFit()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[100]);
        assertThrows(IllegalArgumentException.class,
            () -> new UdpFrameEncoder().encode(buffer, 0, 0, 0, 0, 0, 0, 0, 59));
    }

    @Test
    void shouldParseAndFormatIpv4Addresses()
    {
        assertEquals(0x0A800001, Ipv4Address.parse("10.128.0.1"));
        assertEquals("255.255.255.0", Ipv4Address.toString(Ipv4Address.mask(24)));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("10.128.0"));
        assertThrows(IllegalArgumentException.class, () -> Ipv4Address.parse("10.128.0.256"));
    }
}
