package org.ipop.overlay.service.dhcp;

import org.agrona.DirectBuffer;
import org.ipop.engine.protocol.Flyweight;
import org.ipop.overlay.service.frame.MacAddress;

/**
 * View over the fixed part of a BOOTP/DHCP message (RFC 2131 figure 1); options start after the magic
 * cookie at {@link #OPTIONS_OFFSET}.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------+---------------+---------------+---------------+
 *  |     op (1)    |   htype (1)   |   hlen (1)    |   hops (1)    |
 *  +---------------+---------------+---------------+---------------+
 *  |                            xid (4)                            |
 *  +-------------------------------+-------------------------------+
 *  |           secs (2)            |           flags (2)           |
 *  +-------------------------------+-------------------------------+
 *  |                          ciaddr  (4)                          |   12
 *  |                          yiaddr  (4)                          |   16
 *  |                          siaddr  (4)                          |   20
 *  |                          giaddr  (4)                          |   24
 *  +---------------------------------------------------------------+
 *  |                          chaddr  (16)                         |   28
 *  +---------------------------------------------------------------+
 *  |                          sname   (64)                         |   44
 *  +---------------------------------------------------------------+
 *  |                          file    (128)                        |  108
 *  +---------------------------------------------------------------+
 *  |                  magic cookie 99.130.83.99 (4)                |  236
 *  +---------------------------------------------------------------+
 *  |                    options (variable, TLV)                    |  240
 *  +---------------------------------------------------------------+
 * </pre>
 * Thread: one instance per thread; the caller checks {@code length >= OPTIONS_OFFSET} before reading.
 */
public final class DhcpMessageFlyweight extends Flyweight
{
    /** Offset of op. */
    public static final int OP_OFFSET = 0;
    /** Offset of htype. */
    public static final int HTYPE_OFFSET = 1;
    /** Offset of hlen. */
    public static final int HLEN_OFFSET = 2;
    /** Offset of hops. */
    public static final int HOPS_OFFSET = 3;
    /** Offset of xid. */
    public static final int XID_OFFSET = 4;
    /** Offset of secs. */
    public static final int SECS_OFFSET = 8;
    /** Offset of flags. */
    public static final int FLAGS_OFFSET = 10;
    /** Offset of ciaddr. */
    public static final int CIADDR_OFFSET = 12;
    /** Offset of yiaddr. */
    public static final int YIADDR_OFFSET = 16;
    /** Offset of siaddr. */
    public static final int SIADDR_OFFSET = 20;
    /** Offset of giaddr. */
    public static final int GIADDR_OFFSET = 24;
    /** Offset of chaddr. */
    public static final int CHADDR_OFFSET = 28;
    /** Length of chaddr. */
    public static final int CHADDR_LENGTH = 16;
    /** Offset of sname. */
    public static final int SNAME_OFFSET = 44;
    /** Offset of file. */
    public static final int FILE_OFFSET = 108;
    /** Offset of the magic cookie. */
    public static final int MAGIC_COOKIE_OFFSET = 236;
    /** Offset of the first option. */
    public static final int OPTIONS_OFFSET = 240;
    /** The magic cookie 99.130.83.99. */
    public static final int MAGIC_COOKIE = 0x63825363;
    /** op of a client message. */
    public static final int OP_BOOTREQUEST = 1;
    /** op of a server message. */
    public static final int OP_BOOTREPLY = 2;
    /** htype of Ethernet. */
    public static final int HTYPE_ETHERNET = 1;
    /** The BROADCAST bit of flags. */
    public static final int FLAG_BROADCAST = 0x8000;
    /** Minimum BOOTP message length some clients insist on. */
    public static final int MIN_BOOTP_LENGTH = 300;
    /** Server port. */
    public static final int SERVER_PORT = 67;
    /** Client port. */
    public static final int CLIENT_PORT = 68;

    public DhcpMessageFlyweight()
    {
        super(NETWORK_ORDER);
    }

    /**
     * @param buffer holding the message; not copied.
     * @param offset of the first byte (op).
     * @return this.
     */
    public DhcpMessageFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, OPTIONS_OFFSET);
        return this;
    }

    /**
     * @return op.
     */
    public int op()
    {
        return uint8(OP_OFFSET);
    }

    /**
     * @return htype.
     */
    public int htype()
    {
        return uint8(HTYPE_OFFSET);
    }

    /**
     * @return hlen.
     */
    public int hlen()
    {
        return uint8(HLEN_OFFSET);
    }

    /**
     * @return xid.
     */
    public int xid()
    {
        return int32(XID_OFFSET);
    }

    /**
     * @return flags.
     */
    public int flags()
    {
        return uint16(FLAGS_OFFSET);
    }

    /**
     * @return ciaddr.
     */
    public int ciaddr()
    {
        return int32(CIADDR_OFFSET);
    }

    /**
     * @return yiaddr.
     */
    public int yiaddr()
    {
        return int32(YIADDR_OFFSET);
    }

    /**
     * @return siaddr.
     */
    public int siaddr()
    {
        return int32(SIADDR_OFFSET);
    }

    /**
     * @return giaddr.
     */
    public int giaddr()
    {
        return int32(GIADDR_OFFSET);
    }

    /**
     * @return the first 6 octets of chaddr as a MAC.
     */
    public long chaddr()
    {
        return MacAddress.get(buffer(), offset() + CHADDR_OFFSET);
    }

    /**
     * @return magic cookie.
     */
    public int magicCookie()
    {
        return int32(MAGIC_COOKIE_OFFSET);
    }
}
