package org.ipop.overlay.service.dhcp;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
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
public final class DhcpMessageFlyweight
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

    private DirectBuffer buffer;
    private int offset;

    /**
     * @param buffer holding the message; not copied.
     * @param offset of the first byte (op).
     * @return this.
     */
    public DhcpMessageFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /**
     * @return op.
     */
    public int op()
    {
        return buffer.getByte(offset + OP_OFFSET) & 0xFF;
    }

    /**
     * @return htype.
     */
    public int htype()
    {
        return buffer.getByte(offset + HTYPE_OFFSET) & 0xFF;
    }

    /**
     * @return hlen.
     */
    public int hlen()
    {
        return buffer.getByte(offset + HLEN_OFFSET) & 0xFF;
    }

    /**
     * @return xid.
     */
    public int xid()
    {
        return buffer.getInt(offset + XID_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return flags.
     */
    public int flags()
    {
        return buffer.getShort(offset + FLAGS_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return ciaddr.
     */
    public int ciaddr()
    {
        return buffer.getInt(offset + CIADDR_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return yiaddr.
     */
    public int yiaddr()
    {
        return buffer.getInt(offset + YIADDR_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return siaddr.
     */
    public int siaddr()
    {
        return buffer.getInt(offset + SIADDR_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return giaddr.
     */
    public int giaddr()
    {
        return buffer.getInt(offset + GIADDR_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the first 6 octets of chaddr as a MAC.
     */
    public long chaddr()
    {
        return MacAddress.get(buffer, offset + CHADDR_OFFSET);
    }

    /**
     * @return magic cookie.
     */
    public int magicCookie()
    {
        return buffer.getInt(offset + MAGIC_COOKIE_OFFSET, ByteOrder.BIG_ENDIAN);
    }
}
