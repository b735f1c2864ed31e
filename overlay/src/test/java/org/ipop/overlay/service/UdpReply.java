package org.ipop.overlay.service;

import static org.ipop.overlay.service.TestFrames.mac;
import static org.ipop.overlay.service.TestFrames.u16;
import static org.ipop.overlay.service.TestFrames.u32;
import static org.ipop.overlay.service.TestFrames.u8;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A UDP/IPv4/Ethernet frame written by the services, parsed with plain array code; construction fails
 * unless both checksums verify with the reference implementation.
 */
public final class UdpReply
{
    public final long dstMac;
    public final long srcMac;
    public final int srcIp;
    public final int dstIp;
    public final int srcPort;
    public final int dstPort;
    public final byte[] payload;

    public UdpReply(final byte[] frame)
    {
        dstMac = mac(frame, 0);
        srcMac = mac(frame, 6);
        if (u16(frame, 12) != 0x0800 || u8(frame, 14) != 0x45 || u8(frame, 23) != 17)
        {
            throw new AssertionError("not IPv4/UDP without options");
        }
        if (TestFrames.referenceChecksum(frame, 14, 20, 0) != 0)
        {
            throw new AssertionError("bad IPv4 header checksum");
        }
        final int totalLength = u16(frame, 16);
        if (totalLength != frame.length - 14)
        {
            throw new AssertionError("total length " + totalLength + " vs frame " + frame.length);
        }
        srcIp = u32(frame, 26);
        dstIp = u32(frame, 30);
        srcPort = u16(frame, 34);
        dstPort = u16(frame, 36);
        final int udpLength = u16(frame, 38);
        if (udpLength != totalLength - 20 || u16(frame, 40) == 0)
        {
            throw new AssertionError("bad UDP length or missing checksum");
        }
        if (TestFrames.referenceChecksum(frame, 34, udpLength, TestFrames.pseudoHeaderSum(srcIp, dstIp, 17, udpLength)) != 0)
        {
            throw new AssertionError("bad UDP checksum");
        }
        payload = Arrays.copyOfRange(frame, 42, 42 + udpLength - 8);
    }

    /** DHCP view of the payload. */
    public int dhcpOp()
    {
        return u8(payload, 0);
    }

    public int xid()
    {
        return u32(payload, 4);
    }

    public int flags()
    {
        return u16(payload, 10);
    }

    public int ciaddr()
    {
        return u32(payload, 12);
    }

    public int yiaddr()
    {
        return u32(payload, 16);
    }

    public long chaddr()
    {
        return mac(payload, 28);
    }

    public Map<Integer, byte[]> dhcpOptions()
    {
        if (u32(payload, 236) != 0x63825363)
        {
            throw new AssertionError("no magic cookie");
        }
        final Map<Integer, byte[]> options = new LinkedHashMap<>();
        int i = 240;
        while (true)
        {
            final int code = u8(payload, i);
            if (code == 255)
            {
                return options;
            }
            if (code == 0)
            {
                i++;
                continue;
            }
            final int len = u8(payload, i + 1);
            options.put(code, Arrays.copyOfRange(payload, i + 2, i + 2 + len));
            i += 2 + len;
        }
    }

    public int dhcpType()
    {
        return dhcpOptions().get(53)[0];
    }

    public int dhcpIntOption(final int code)
    {
        final byte[] value = dhcpOptions().get(code);
        if (value == null || value.length != 4)
        {
            throw new AssertionError("option " + code + " missing or not 4 bytes");
        }
        return u32(value, 0);
    }

    /** DNS view of the payload. */
    public int dnsId()
    {
        return u16(payload, 0);
    }

    public int dnsFlags()
    {
        return u16(payload, 2);
    }

    public int dnsRcode()
    {
        return dnsFlags() & 0xF;
    }

    public int dnsCount(final int index)
    {
        return u16(payload, 4 + 2 * index);
    }
}
