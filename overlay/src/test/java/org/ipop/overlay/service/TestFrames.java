package org.ipop.overlay.service;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Builds test frames with plain byte arrays and an independent checksum implementation (no production
 * code), and reads fields of replies back the same way.
 */
public final class TestFrames
{
    public static final long HOST_MAC = 0x52_54_00_12_34_56L;

    private TestFrames()
    {
    }

    public static byte[] hex(final String text)
    {
        final String s = text.replaceAll("[^0-9a-fA-F]", "");
        final byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++)
        {
            out[i] = (byte)Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }

    /** RFC 1071 reference: sum big-endian 16-bit words with end-around carry, complement. */
    public static int referenceChecksum(final byte[] data, final int offset, final int length, final int initial)
    {
        int sum = initial;
        for (int i = 0; i < length; i += 2)
        {
            final int hi = data[offset + i] & 0xFF;
            final int lo = i + 1 < length ? data[offset + i + 1] & 0xFF : 0;
            sum += (hi << 8) | lo;
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return ~sum & 0xFFFF;
    }

    public static int pseudoHeaderSum(final int src, final int dst, final int protocol, final int length)
    {
        long sum = (src >>> 16) + (src & 0xFFFF) + (dst >>> 16) + (dst & 0xFFFF) + protocol + length;
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum;
    }

    public static byte[] ethernet(final long dst, final long src, final int etherType, final byte[] payload)
    {
        final ByteBuffer b = ByteBuffer.allocate(14 + payload.length);
        putMac(b, dst);
        putMac(b, src);
        b.putShort((short)etherType);
        b.put(payload);
        return b.array();
    }

    public static void putMac(final ByteBuffer b, final long mac)
    {
        b.putShort((short)(mac >>> 32));
        b.putInt((int)mac);
    }

    public static byte[] arp(final int op, final long sha, final int spa, final long tha, final int tpa)
    {
        final ByteBuffer b = ByteBuffer.allocate(28);
        b.putShort((short)1).putShort((short)0x0800).put((byte)6).put((byte)4).putShort((short)op);
        putMac(b, sha);
        b.putInt(spa);
        putMac(b, tha);
        b.putInt(tpa);
        return b.array();
    }

    public static byte[] arpFrame(final int op, final long sha, final int spa, final long tha, final int tpa)
    {
        return ethernet(op == 1 ? 0xFFFF_FFFF_FFFFL : tha, sha, 0x0806, arp(op, sha, spa, tha, tpa));
    }

    /** IPv4 + UDP with a correct header checksum and a correct (or, if udpChecksum is false, zero) UDP checksum. */
    public static byte[] ipv4Udp(
        final int src, final int dst, final int srcPort, final int dstPort, final byte[] payload,
        final boolean udpChecksum)
    {
        final int udpLength = 8 + payload.length;
        final ByteBuffer b = ByteBuffer.allocate(20 + udpLength);
        b.put((byte)0x45).put((byte)0x10).putShort((short)(20 + udpLength)).putShort((short)0)
            .putShort((short)0).put((byte)64).put((byte)17).putShort((short)0).putInt(src).putInt(dst);
        b.putShort((short)srcPort).putShort((short)dstPort).putShort((short)udpLength).putShort((short)0).put(payload);
        final byte[] a = b.array();
        final int ipSum = referenceChecksum(a, 0, 20, 0);
        a[10] = (byte)(ipSum >>> 8);
        a[11] = (byte)ipSum;
        if (udpChecksum)
        {
            int sum = referenceChecksum(a, 20, udpLength, pseudoHeaderSum(src, dst, 17, udpLength));
            if (sum == 0)
            {
                sum = 0xFFFF;
            }
            a[26] = (byte)(sum >>> 8);
            a[27] = (byte)sum;
        }
        return a;
    }

    /** ICMP echo message with a correct checksum. */
    public static byte[] icmpEcho(final int type, final int identifier, final int sequence, final byte[] data)
    {
        final ByteBuffer b = ByteBuffer.allocate(8 + data.length);
        b.put((byte)type).put((byte)0).putShort((short)0).putShort((short)identifier).putShort((short)sequence).put(data);
        final byte[] a = b.array();
        final int sum = referenceChecksum(a, 0, a.length, 0);
        a[2] = (byte)(sum >>> 8);
        a[3] = (byte)sum;
        return a;
    }

    /** IPv4 header (correct checksum) in front of an ICMP message. */
    public static byte[] ipv4Icmp(final int src, final int dst, final byte[] icmp)
    {
        final ByteBuffer b = ByteBuffer.allocate(20 + icmp.length);
        b.put((byte)0x45).put((byte)0).putShort((short)(20 + icmp.length)).putShort((short)0x1c46)
            .putShort((short)0x4000).put((byte)64).put((byte)1).putShort((short)0).putInt(src).putInt(dst).put(icmp);
        final byte[] a = b.array();
        final int sum = referenceChecksum(a, 0, 20, 0);
        a[10] = (byte)(sum >>> 8);
        a[11] = (byte)sum;
        return a;
    }

    public static byte[] udpFrame(
        final long srcMac, final long dstMac, final int src, final int dst, final int srcPort, final int dstPort,
        final byte[] payload)
    {
        return ethernet(dstMac, srcMac, 0x0800, ipv4Udp(src, dst, srcPort, dstPort, payload, true));
    }

    /** A DHCP client message: fixed part as udhcpc fills it, cookie, then the given raw options and END. */
    public static byte[] dhcp(
        final int type, final int xid, final long mac, final int flags, final int ciaddr, final byte[]... options)
    {
        final ByteBuffer b = ByteBuffer.allocate(548);
        b.put((byte)1).put((byte)1).put((byte)6).put((byte)0).putInt(xid).putShort((short)0).putShort((short)flags);
        b.putInt(ciaddr).putInt(0).putInt(0).putInt(0);
        putMac(b, mac);
        b.position(236);
        b.putInt(0x63825363);
        b.put(new byte[] {53, 1, (byte)type});
        for (final byte[] option : options)
        {
            b.put(option);
        }
        b.put((byte)255);
        final int length = Math.max(300, b.position());
        final byte[] out = new byte[length];
        System.arraycopy(b.array(), 0, out, 0, length);
        return out;
    }

    public static byte[] option(final int code, final byte[] value)
    {
        final byte[] out = new byte[2 + value.length];
        out[0] = (byte)code;
        out[1] = (byte)value.length;
        System.arraycopy(value, 0, out, 2, value.length);
        return out;
    }

    public static byte[] ipOption(final int code, final int ip)
    {
        return option(code, ByteBuffer.allocate(4).putInt(ip).array());
    }

    public static byte[] dhcpFrame(final long mac, final byte[] dhcp)
    {
        return udpFrame(mac, 0xFFFF_FFFF_FFFFL, 0, 0xFFFF_FFFF, 68, 67, dhcp);
    }

    public static byte[] dhcpFrame(final long mac, final int srcIp, final int dstIp, final byte[] dhcp)
    {
        return udpFrame(mac, 0xFFFF_FFFF_FFFFL, srcIp, dstIp, 68, 67, dhcp);
    }

    /** A query the way dig sends it: RD set, one question, EDNS OPT in the additional section. */
    public static byte[] dnsQuery(final int id, final String name, final int qtype)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteBuffer header = ByteBuffer.allocate(12);
        header.putShort((short)id).putShort((short)0x0120).putShort((short)1).putShort((short)0)
            .putShort((short)0).putShort((short)1);
        out.writeBytes(header.array());
        out.writeBytes(encodeName(name));
        out.writeBytes(ByteBuffer.allocate(4).putShort((short)qtype).putShort((short)1).array());
        out.writeBytes(hex("00 0029 04d0 00 00 0000 000c 000a 0008 0123456789abcdef"));
        return out.toByteArray();
    }

    public static byte[] encodeName(final String name)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (final String label : name.split("\\."))
        {
            final byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
            out.write(bytes.length);
            out.writeBytes(bytes);
        }
        out.write(0);
        return out.toByteArray();
    }

    public static int u8(final byte[] a, final int i)
    {
        return a[i] & 0xFF;
    }

    public static int u16(final byte[] a, final int i)
    {
        return ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
    }

    public static int u32(final byte[] a, final int i)
    {
        return ByteBuffer.wrap(a, i, 4).getInt();
    }

    public static long mac(final byte[] a, final int i)
    {
        return ((long)u16(a, i) << 32) | (u32(a, i + 2) & 0xFFFF_FFFFL);
    }
}
