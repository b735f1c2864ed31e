package org.ipop.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.NodeAddress;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds Ethernet, IPv4, UDP and overlay frames as byte arrays for tests. */
public final class TestFrames
{
    public static final byte[] TAP_MAC = { 0x02, 0, 0, 0, 0, 0x01 };
    public static final byte[] VIRTUAL_MAC = { 0x02, 0, 0, 0, 0, 0x02 };

    private TestFrames()
    {
    }

    /** @return a.b.c.d as an int. */
    public static int ipv4(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    /** @return a node address whose 20 bytes are {@code seed, seed+1, ...}. */
    public static byte[] node(final int seed)
    {
        final byte[] address = new byte[NodeAddress.LENGTH];
        for (int i = 0; i < address.length; i++)
        {
            address[i] = (byte)(seed + i);
        }
        return address;
    }

    /** @return an Ethernet frame carrying an IPv4/ICMP-like packet of {@code length} total bytes to {@code dst}. */
    public static byte[] ipv4Frame(final int src, final int dst, final int protocol, final int length)
    {
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        b.put(VIRTUAL_MAC).put(TAP_MAC).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)(length - 14)).putShort((short)1).putShort((short)0);
        b.put((byte)64).put((byte)protocol).putShort((short)0).putInt(src).putInt(dst);
        for (int i = b.position(); i < length; i++)
        {
            b.put((byte)i);
        }
        return b.array();
    }

    /** @return an Ethernet/IPv4/UDP frame to {@code dst:dstPort}. */
    public static byte[] udpFrame(final int src, final int dst, final int dstPort, final int length)
    {
        final byte[] frame = ipv4Frame(src, dst, 17, length);
        final ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        b.putShort(34, (short)40000).putShort(36, (short)dstPort).putShort(38, (short)(length - 34));
        return frame;
    }

    /** @return an ARP request frame. */
    public static byte[] arpFrame()
    {
        final ByteBuffer b = ByteBuffer.allocate(42).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] { -1, -1, -1, -1, -1, -1 }).put(TAP_MAC).putShort((short)0x0806);
        b.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)1);
        return b.array();
    }

    /** @return an Ethernet frame with the IPv6 EtherType. */
    public static byte[] ipv6Frame()
    {
        final ByteBuffer b = ByteBuffer.allocate(80).order(ByteOrder.BIG_ENDIAN);
        b.put(VIRTUAL_MAC).put(TAP_MAC).putShort((short)0x86DD);
        return b.array();
    }

    /** @return an overlay frame of the given type carrying {@code payload}. */
    public static byte[] overlayFrame(
        final int type, final int ttl, final int hops, final int sessionId, final byte[] src, final byte[] dst, final byte[] payload)
    {
        final byte[] bytes = new byte[OverlayFrameFlyweight.HEADER_LENGTH + payload.length];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        new OverlayFrameFlyweight().wrap(buffer, 0)
            .versionAndType(OverlayFrameFlyweight.CURRENT_VERSION, type)
            .flags(0)
            .ttl(ttl)
            .hopCount(hops)
            .sessionId(sessionId)
            .nonce(7)
            .srcNode(new UnsafeBuffer(src), 0)
            .dstNode(new UnsafeBuffer(dst), 0);
        buffer.putBytes(OverlayFrameFlyweight.HEADER_LENGTH, payload);
        return bytes;
    }

    /** @return a DATA overlay frame. */
    public static byte[] dataFrame(final byte[] src, final byte[] dst, final int ttl, final byte[] ethernetFrame)
    {
        return overlayFrame(OverlayFrameType.DATA, ttl, 0, 0, src, dst, ethernetFrame);
    }
}
