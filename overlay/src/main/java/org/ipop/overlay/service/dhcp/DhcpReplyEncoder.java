package org.ipop.overlay.service.dhcp;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.MutableDirectBuffer;
import org.ipop.overlay.service.TapServicesContext;
import org.ipop.overlay.service.frame.MacAddress;

/**
 * Writes a BOOTREPLY (OFFER, ACK, NAK) with the namespace's options, padded to
 * {@link DhcpMessageFlyweight#MIN_BOOTP_LENGTH}. Layout: see {@link DhcpMessageFlyweight}.
 * <p>
 * Options written: 53 message type, 54 server identifier; unless NAK: 1 subnet mask, 3 router (if
 * configured), 6 DNS server, 15 domain name, 26 interface MTU; with a lease: 51 lease time, 58 T1 (1/2),
 * 59 T2 (7/8); then 255 end.
 * <p>
 * Thread: one instance per thread.
 */
public final class DhcpReplyEncoder
{
    /** Upper bound of a reply's length, for sizing buffers. */
    public static final int MAX_LENGTH = 576;

    private final TapServicesContext context;
    private final byte[] domainName;

    /**
     * @param context concluded settings.
     */
    public DhcpReplyEncoder(final TapServicesContext context)
    {
        this.context = context;
        this.domainName = context.domainName().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * @param out          buffer with at least {@link #MAX_LENGTH} bytes from offset.
     * @param offset       where the DHCP message starts.
     * @param messageType  OFFER, ACK or NAK.
     * @param xid          copied from the request.
     * @param flags        copied from the request.
     * @param ciaddr       copied from the request (ACK) or 0.
     * @param yiaddr       address assigned, or 0 (NAK, ACK to INFORM).
     * @param chaddr       client MAC.
     * @param leaseSeconds lease time, or -1 for no lease options.
     * @return length written.
     */
    public int encode(
        final MutableDirectBuffer out,
        final int offset,
        final int messageType,
        final int xid,
        final int flags,
        final int ciaddr,
        final int yiaddr,
        final long chaddr,
        final int leaseSeconds)
    {
        out.setMemory(offset, MAX_LENGTH, (byte)0);
        out.putByte(offset + DhcpMessageFlyweight.OP_OFFSET, (byte)DhcpMessageFlyweight.OP_BOOTREPLY);
        out.putByte(offset + DhcpMessageFlyweight.HTYPE_OFFSET, (byte)DhcpMessageFlyweight.HTYPE_ETHERNET);
        out.putByte(offset + DhcpMessageFlyweight.HLEN_OFFSET, (byte)MacAddress.LENGTH);
        out.putInt(offset + DhcpMessageFlyweight.XID_OFFSET, xid, ByteOrder.BIG_ENDIAN);
        out.putShort(offset + DhcpMessageFlyweight.FLAGS_OFFSET, (short)flags, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + DhcpMessageFlyweight.CIADDR_OFFSET, ciaddr, ByteOrder.BIG_ENDIAN);
        out.putInt(offset + DhcpMessageFlyweight.YIADDR_OFFSET, yiaddr, ByteOrder.BIG_ENDIAN);
        MacAddress.put(out, offset + DhcpMessageFlyweight.CHADDR_OFFSET, chaddr);
        out.putInt(offset + DhcpMessageFlyweight.MAGIC_COOKIE_OFFSET, DhcpMessageFlyweight.MAGIC_COOKIE,
            ByteOrder.BIG_ENDIAN);

        int i = offset + DhcpMessageFlyweight.OPTIONS_OFFSET;
        i = putByteOption(out, i, DhcpOption.MESSAGE_TYPE, messageType);
        i = putIntOption(out, i, DhcpOption.SERVER_ID, context.gatewayIp());
        if (messageType != DhcpOption.NAK)
        {
            if (leaseSeconds > 0)
            {
                i = putIntOption(out, i, DhcpOption.LEASE_TIME, leaseSeconds);
                i = putIntOption(out, i, DhcpOption.RENEWAL_TIME, leaseSeconds / 2);
                i = putIntOption(out, i, DhcpOption.REBINDING_TIME, (int)(leaseSeconds * 7L / 8));
            }
            i = putIntOption(out, i, DhcpOption.SUBNET_MASK, context.netmask());
            if (context.routerIp() != 0)
            {
                i = putIntOption(out, i, DhcpOption.ROUTER, context.routerIp());
            }
            i = putIntOption(out, i, DhcpOption.DNS_SERVERS, context.dnsIp());
            out.putByte(i, (byte)DhcpOption.DOMAIN_NAME);
            out.putByte(i + 1, (byte)domainName.length);
            out.putBytes(i + 2, domainName);
            i += 2 + domainName.length;
            out.putByte(i, (byte)DhcpOption.INTERFACE_MTU);
            out.putByte(i + 1, (byte)2);
            out.putShort(i + 2, (short)context.mtu(), ByteOrder.BIG_ENDIAN);
            i += 4;
        }
        out.putByte(i++, (byte)DhcpOption.END);
        return Math.max(i - offset, DhcpMessageFlyweight.MIN_BOOTP_LENGTH);
    }

    private static int putByteOption(final MutableDirectBuffer out, final int i, final int code, final int value)
    {
        out.putByte(i, (byte)code);
        out.putByte(i + 1, (byte)1);
        out.putByte(i + 2, (byte)value);
        return i + 3;
    }

    private static int putIntOption(final MutableDirectBuffer out, final int i, final int code, final int value)
    {
        out.putByte(i, (byte)code);
        out.putByte(i + 1, (byte)4);
        out.putInt(i + 2, value, ByteOrder.BIG_ENDIAN);
        return i + 6;
    }
}
