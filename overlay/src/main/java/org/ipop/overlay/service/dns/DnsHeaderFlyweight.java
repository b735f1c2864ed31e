package org.ipop.overlay.service.dns;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.ipop.engine.protocol.Flyweight;

/**
 * View over a DNS message header (RFC 1035 4.1.1).
 * <pre>
 *                                   1  1  1  1  1  1
 *     0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |                      ID                       |  0
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |QR|   Opcode  |AA|TC|RD|RA|   Z    |   RCODE   |  2
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |                    QDCOUNT                    |  4
 *   |                    ANCOUNT                    |  6
 *   |                    NSCOUNT                    |  8
 *   |                    ARCOUNT                    | 10
 *   +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *   |          question, answer, ... sections       | 12
 * </pre>
 * Thread: one instance per thread; the caller checks {@code length >= HEADER_LENGTH} before reading.
 */
public final class DnsHeaderFlyweight extends Flyweight
{
    /** Offset of ID. */
    public static final int ID_OFFSET = 0;
    /** Offset of the flags word. */
    public static final int FLAGS_OFFSET = 2;
    /** Offset of QDCOUNT. */
    public static final int QDCOUNT_OFFSET = 4;
    /** Offset of ANCOUNT. */
    public static final int ANCOUNT_OFFSET = 6;
    /** Offset of NSCOUNT. */
    public static final int NSCOUNT_OFFSET = 8;
    /** Offset of ARCOUNT. */
    public static final int ARCOUNT_OFFSET = 10;
    /** Length of the header. */
    public static final int HEADER_LENGTH = 12;
    /** QR bit. */
    public static final int FLAG_QR = 0x8000;
    /** AA bit. */
    public static final int FLAG_AA = 0x0400;
    /** TC bit. */
    public static final int FLAG_TC = 0x0200;
    /** RD bit. */
    public static final int FLAG_RD = 0x0100;
    /** RA bit. */
    public static final int FLAG_RA = 0x0080;
    /** Shift of the opcode in the flags word. */
    public static final int OPCODE_SHIFT = 11;
    /** Mask of RCODE. */
    public static final int RCODE_MASK = 0xF;
    /** RCODE NOERROR. */
    public static final int RCODE_NOERROR = 0;
    /** RCODE FORMERR. */
    public static final int RCODE_FORMERR = 1;
    /** RCODE SERVFAIL. */
    public static final int RCODE_SERVFAIL = 2;
    /** RCODE NXDOMAIN. */
    public static final int RCODE_NXDOMAIN = 3;
    /** RCODE NOTIMP. */
    public static final int RCODE_NOTIMP = 4;
    /** RCODE REFUSED. */
    public static final int RCODE_REFUSED = 5;
    /** DNS server port. */
    public static final int PORT = 53;

    public DnsHeaderFlyweight()
    {
        super(NETWORK_ORDER);
    }

    /**
     * @param buffer holding the message; not copied.
     * @param offset of the header.
     * @return this.
     */
    public DnsHeaderFlyweight wrap(final DirectBuffer buffer, final int offset)
    {
        wrapBuffer(buffer, offset, HEADER_LENGTH);
        return this;
    }

    /**
     * @return ID.
     */
    public int id()
    {
        return uint16(ID_OFFSET);
    }

    /**
     * @return flags word.
     */
    public int flags()
    {
        return uint16(FLAGS_OFFSET);
    }

    /**
     * @return opcode.
     */
    public int opcode()
    {
        return (flags() >>> OPCODE_SHIFT) & 0xF;
    }

    /**
     * @return QDCOUNT.
     */
    public int qdcount()
    {
        return uint16(QDCOUNT_OFFSET);
    }

    /**
     * @return ANCOUNT.
     */
    public int ancount()
    {
        return uint16(ANCOUNT_OFFSET);
    }

    /**
     * @return NSCOUNT.
     */
    public int nscount()
    {
        return uint16(NSCOUNT_OFFSET);
    }

    /**
     * @return ARCOUNT.
     */
    public int arcount()
    {
        return uint16(ARCOUNT_OFFSET);
    }

    /**
     * Writes a complete header.
     *
     * @param out     destination.
     * @param index   of the header.
     * @param id      ID.
     * @param flags   flags word.
     * @param qdcount QDCOUNT.
     * @param ancount ANCOUNT.
     */
    public static void encode(
        final MutableDirectBuffer out, final int index, final int id, final int flags, final int qdcount,
        final int ancount)
    {
        out.putShort(index + ID_OFFSET, (short)id, NETWORK_ORDER);
        out.putShort(index + FLAGS_OFFSET, (short)flags, NETWORK_ORDER);
        out.putShort(index + QDCOUNT_OFFSET, (short)qdcount, NETWORK_ORDER);
        out.putShort(index + ANCOUNT_OFFSET, (short)ancount, NETWORK_ORDER);
        out.putShort(index + NSCOUNT_OFFSET, (short)0, NETWORK_ORDER);
        out.putShort(index + ARCOUNT_OFFSET, (short)0, NETWORK_ORDER);
    }
}
