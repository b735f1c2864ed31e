package org.ipop.overlay.service.dns;

import java.nio.ByteOrder;

import org.agrona.MutableDirectBuffer;

/**
 * Writes responses: header, the question echoed uncompressed (original case), and at most one A record
 * whose owner is a pointer to the question name.
 * <pre>
 *   | header (12) | QNAME | QTYPE (2) | QCLASS (2) | C0 0C | TYPE A | CLASS IN | TTL (4) | RDLENGTH 4 | IP |
 * </pre>
 * Thread: stateless.
 */
public final class DnsResponseEncoder
{
    /** Upper bound of a response's length, for sizing buffers. */
    public static final int MAX_LENGTH = DnsHeaderFlyweight.HEADER_LENGTH + DnsQueryDecoder.MAX_NAME_LENGTH + 4 + 16;
    /** Pointer to the question name, which always starts right after the header. */
    private static final short POINTER_TO_QUESTION = (short)(0xC000 | DnsHeaderFlyweight.HEADER_LENGTH);

    private DnsResponseEncoder()
    {
    }

    /**
     * @param out        destination with at least {@link #MAX_LENGTH} bytes from offset.
     * @param offset     of the message.
     * @param id         of the query.
     * @param queryFlags flags word of the query (opcode and RD are copied).
     * @param rcode      response code.
     * @param authoritative sets AA.
     * @return length written (header only, QDCOUNT 0).
     */
    public static int encodeHeaderOnly(
        final MutableDirectBuffer out, final int offset, final int id, final int queryFlags, final int rcode,
        final boolean authoritative)
    {
        DnsHeaderFlyweight.encode(out, offset, id, responseFlags(queryFlags, rcode, authoritative), 0, 0);
        return DnsHeaderFlyweight.HEADER_LENGTH;
    }

    /**
     * @param out           destination with at least {@link #MAX_LENGTH} bytes from offset.
     * @param offset        of the message.
     * @param id            of the query.
     * @param queryFlags    flags word of the query.
     * @param rcode         response code.
     * @param authoritative sets AA.
     * @param name          question name, labels separated at labelEnds.
     * @param labelEnds     end index in name of each label.
     * @param labelCount    number of labels.
     * @param qtype         echoed.
     * @param qclass        echoed.
     * @param answerIp      the A record's address, used only if withAnswer.
     * @param withAnswer    append one A record.
     * @param ttlSeconds    TTL of the record.
     * @return length written.
     */
    public static int encode(
        final MutableDirectBuffer out,
        final int offset,
        final int id,
        final int queryFlags,
        final int rcode,
        final boolean authoritative,
        final CharSequence name,
        final int[] labelEnds,
        final int labelCount,
        final int qtype,
        final int qclass,
        final int answerIp,
        final boolean withAnswer,
        final int ttlSeconds)
    {
        DnsHeaderFlyweight.encode(
            out, offset, id, responseFlags(queryFlags, rcode, authoritative), 1, withAnswer ? 1 : 0);
        int i = offset + DnsHeaderFlyweight.HEADER_LENGTH;
        int start = 0;
        for (int label = 0; label < labelCount; label++)
        {
            final int end = labelEnds[label];
            out.putByte(i++, (byte)(end - start));
            for (int c = start; c < end; c++)
            {
                out.putByte(i++, (byte)name.charAt(c));
            }
            start = end + 1;
        }
        out.putByte(i++, (byte)0);
        out.putShort(i, (short)qtype, ByteOrder.BIG_ENDIAN);
        out.putShort(i + 2, (short)qclass, ByteOrder.BIG_ENDIAN);
        i += 4;
        if (withAnswer)
        {
            out.putShort(i, POINTER_TO_QUESTION, ByteOrder.BIG_ENDIAN);
            out.putShort(i + 2, (short)DnsQuestion.TYPE_A, ByteOrder.BIG_ENDIAN);
            out.putShort(i + 4, (short)DnsQuestion.CLASS_IN, ByteOrder.BIG_ENDIAN);
            out.putInt(i + 6, ttlSeconds, ByteOrder.BIG_ENDIAN);
            out.putShort(i + 10, (short)4, ByteOrder.BIG_ENDIAN);
            out.putInt(i + 12, answerIp, ByteOrder.BIG_ENDIAN);
            i += 16;
        }
        return i - offset;
    }

    private static int responseFlags(final int queryFlags, final int rcode, final boolean authoritative)
    {
        return DnsHeaderFlyweight.FLAG_QR |
            (queryFlags & (0xF << DnsHeaderFlyweight.OPCODE_SHIFT)) |
            (queryFlags & DnsHeaderFlyweight.FLAG_RD) |
            (authoritative ? DnsHeaderFlyweight.FLAG_AA : 0) |
            (rcode & DnsHeaderFlyweight.RCODE_MASK);
    }
}
