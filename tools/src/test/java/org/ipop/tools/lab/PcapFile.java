package org.ipop.tools.lab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The UDP datagrams of a pcap capture file written by {@code tcpdump -w} on an Ethernet interface: enough to check
 * what crossed the underlay and to replay it. Other packets (ARP, IPv6, fragments after the first) are skipped.
 */
public final class PcapFile
{
    /** One captured UDP datagram; addresses as dotted text. */
    public record Datagram(String source, int sourcePort, String destination, int destinationPort, byte[] payload)
    {
    }

    private PcapFile()
    {
    }

    /**
     * @param file a pcap file (microsecond or nanosecond, either byte order), link type Ethernet.
     * @return its UDP datagrams in capture order.
     * @throws IOException when the file cannot be read or is not such a capture.
     */
    public static List<Datagram> udpDatagrams(final Path file) throws IOException
    {
        final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file));
        if (b.remaining() < 24)
        {
            throw new IOException("not a pcap file (shorter than its header): " + file);
        }
        final int magic = b.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d)
        {
            b.order(ByteOrder.BIG_ENDIAN);
            final int swapped = b.getInt(0);
            if (swapped != 0xa1b2c3d4 && swapped != 0xa1b23c4d)
            {
                throw new IOException("not a pcap file (magic " + Integer.toHexString(magic) + "): " + file);
            }
        }
        if (b.getInt(20) != 1)
        {
            throw new IOException("capture is not of an Ethernet interface (link type " + b.getInt(20) + "): " + file);
        }
        final List<Datagram> datagrams = new ArrayList<>();
        int at = 24;
        while (at + 16 <= b.limit())
        {
            final int captured = b.getInt(at + 8);
            final int packet = at + 16;
            if (captured < 0 || packet + captured > b.limit())
            {
                break;   // the capture was cut off mid-record
            }
            final Datagram d = udp(b, packet, captured);
            if (d != null)
            {
                datagrams.add(d);
            }
            at = packet + captured;
        }
        return datagrams;
    }

    private static Datagram udp(final ByteBuffer b, final int frame, final int length)
    {
        final ByteBuffer n = b.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (length < 14 + 20 + 8 || (n.getShort(frame + 12) & 0xFFFF) != 0x0800)
        {
            return null;
        }
        final int ip = frame + 14;
        final int headerLength = (n.get(ip) & 0x0F) * 4;
        final int fragment = n.getShort(ip + 6) & 0x1FFF;
        if (n.get(ip + 9) != 17 || fragment != 0 || headerLength < 20 || 14 + headerLength + 8 > length)
        {
            return null;
        }
        final int udp = ip + headerLength;
        final int udpLength = n.getShort(udp + 4) & 0xFFFF;
        final int payloadLength = Math.min(udpLength - 8, length - 14 - headerLength - 8);
        if (payloadLength < 0)
        {
            return null;
        }
        final byte[] payload = new byte[payloadLength];
        n.get(udp + 8, payload);
        return new Datagram(dotted(n.getInt(ip + 12)), n.getShort(udp) & 0xFFFF, dotted(n.getInt(ip + 16)),
            n.getShort(udp + 2) & 0xFFFF, payload);
    }

    private static String dotted(final int ip)
    {
        return (ip >>> 24) + "." + ((ip >>> 16) & 0xFF) + "." + ((ip >>> 8) & 0xFF) + "." + (ip & 0xFF);
    }

    /**
     * @return true when {@code pattern} occurs anywhere in {@code data}.
     */
    public static boolean contains(final byte[] data, final byte[] pattern)
    {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (data[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
