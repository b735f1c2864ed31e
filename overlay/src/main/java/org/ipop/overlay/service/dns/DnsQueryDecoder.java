package org.ipop.overlay.service.dns;

import java.nio.ByteOrder;

import org.agrona.DirectBuffer;
import org.ipop.overlay.service.DropReason;

/**
 * Decodes the header and first question of a DNS query from untrusted bytes.
 * <p>
 * Names may use compression pointers; a pointer must point strictly before the start of the label
 * sequence containing it, so every jump goes backwards and decoding terminates; anything else is a loop
 * ({@link DropReason#DNS_COMPRESSION_LOOP}). Labels above 63 bytes, reserved label types (0x40, 0x80)
 * and names above 255 bytes are {@link DropReason#DNS_BAD_NAME}. Every read is bounds checked first.
 * <p>
 * The question is only decoded when QDCOUNT is at least 1; the responder decides what to answer to
 * QDCOUNT other than 1, opcodes and the other sections.
 * <p>
 * Thread: one instance per thread.
 */
public final class DnsQueryDecoder
{
    /** Longest name in wire format. */
    public static final int MAX_NAME_LENGTH = 255;
    /** Longest label. */
    public static final int MAX_LABEL_LENGTH = 63;

    private final DnsHeaderFlyweight header = new DnsHeaderFlyweight();

    /**
     * @param buffer holding the UDP payload.
     * @param offset of the DNS message.
     * @param length of the message; the range lies inside the buffer.
     * @param out    receives the header fields and, when QDCOUNT &gt;= 1, the first question.
     * @return {@link DropReason#NONE} if decoded, else why the message is dropped.
     */
    public DropReason decode(final DirectBuffer buffer, final int offset, final int length, final DnsQuestion out)
    {
        out.reset();
        if (length < DnsHeaderFlyweight.HEADER_LENGTH)
        {
            return DropReason.DNS_TRUNCATED;
        }
        header.wrap(buffer, offset);
        out.id = header.id();
        out.flags = header.flags();
        out.qdcount = header.qdcount();
        if ((out.flags & DnsHeaderFlyweight.FLAG_QR) != 0)
        {
            return DropReason.DNS_NOT_A_QUERY;
        }
        if (out.qdcount == 0)
        {
            return DropReason.NONE;
        }
        final int end = decodeName(buffer, offset, length, DnsHeaderFlyweight.HEADER_LENGTH, out);
        if (end < 0)
        {
            return NAME_ERRORS[-end];
        }
        if (end + 4 > length)
        {
            return DropReason.DNS_TRUNCATED;
        }
        out.qtype = buffer.getShort(offset + end, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        out.qclass = buffer.getShort(offset + end + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        out.end = end + 4;
        return DropReason.NONE;
    }

    private static final DropReason[] NAME_ERRORS =
        { DropReason.NONE, DropReason.DNS_TRUNCATED, DropReason.DNS_COMPRESSION_LOOP, DropReason.DNS_BAD_NAME };

    /**
     * @return the message-relative offset just after the name at its original position, or -1 truncated,
     * -2 loop, -3 bad name.
     */
    private static int decodeName(
        final DirectBuffer buffer, final int offset, final int length, final int start, final DnsQuestion out)
    {
        int position = start;
        int segmentStart = start;
        int endAfterName = -1;
        int wireLength = 1;
        while (true)
        {
            if (position >= length)
            {
                return -1;
            }
            final int len = buffer.getByte(offset + position) & 0xFF;
            if (len == 0)
            {
                return endAfterName < 0 ? position + 1 : endAfterName;
            }
            final int type = len & 0xC0;
            if (type == 0xC0)
            {
                if (position + 2 > length)
                {
                    return -1;
                }
                final int target = ((len & 0x3F) << 8) | (buffer.getByte(offset + position + 1) & 0xFF);
                if (target >= segmentStart)
                {
                    return -2;
                }
                if (endAfterName < 0)
                {
                    endAfterName = position + 2;
                }
                position = target;
                segmentStart = target;
                continue;
            }
            if (type != 0)
            {
                return -3;
            }
            wireLength += len + 1;
            if (wireLength > MAX_NAME_LENGTH || out.labelCount >= DnsQuestion.MAX_LABELS)
            {
                return -3;
            }
            if (position + 1 + len > length)
            {
                return -1;
            }
            if (out.labelCount > 0)
            {
                out.name.append('.');
            }
            for (int i = 0; i < len; i++)
            {
                out.name.append((char)(buffer.getByte(offset + position + 1 + i) & 0xFF));
            }
            out.labelEnds[out.labelCount++] = out.name.length();
            position += 1 + len;
        }
    }
}
