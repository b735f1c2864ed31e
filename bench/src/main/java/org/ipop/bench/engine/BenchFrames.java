package org.ipop.bench.engine;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.engine.protocol.NodeAddress;
import org.ipop.engine.protocol.OverlayFrameFlyweight;
import org.ipop.engine.protocol.OverlayFrameType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Frames and node addresses used by the engine benchmarks. */
final class BenchFrames
{
    static final int LOCAL_VIP = ipv4(10, 0, 0, 1);
    static final int PEER_VIP = ipv4(10, 0, 0, 2);
    static final int PEER_EDGE = ipv4(192, 168, 1, 2);
    static final int PEER_PORT = 5000;

    private BenchFrames()
    {
    }

    static int ipv4(final int a, final int b, final int c, final int d)
    {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    static byte[] node(final int seed)
    {
        final byte[] address = new byte[NodeAddress.LENGTH];
        for (int i = 0; i < address.length; i++)
        {
            address[i] = (byte)(seed + i);
        }
        return address;
    }

    /** @return an Ethernet/IPv4/TCP-like frame of {@code length} bytes from {@code src} to {@code dst}. */
    static byte[] ipv4Frame(final int src, final int dst, final int length)
    {
        final ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        b.put(new byte[] { 2, 0, 0, 0, 0, 2 }).put(new byte[] { 2, 0, 0, 0, 0, 1 }).putShort((short)0x0800);
        b.put((byte)0x45).put((byte)0).putShort((short)(length - 14)).putShort((short)1).putShort((short)0);
        b.put((byte)64).put((byte)6).putShort((short)0).putInt(src).putInt(dst);
        return b.array();
    }

    /** @return a DATA overlay frame from {@code src} to {@code dst} carrying {@code frame}. */
    static byte[] dataFrame(final byte[] src, final byte[] dst, final byte[] frame)
    {
        final byte[] bytes = new byte[OverlayFrameFlyweight.HEADER_LENGTH + frame.length];
        final UnsafeBuffer buffer = new UnsafeBuffer(bytes);
        new OverlayFrameFlyweight().wrap(buffer, 0)
            .versionAndType(OverlayFrameFlyweight.CURRENT_VERSION, OverlayFrameType.DATA)
            .ttl(8)
            .srcNode(new UnsafeBuffer(src), 0)
            .dstNode(new UnsafeBuffer(dst), 0);
        buffer.putBytes(OverlayFrameFlyweight.HEADER_LENGTH, frame);
        return bytes;
    }
}
