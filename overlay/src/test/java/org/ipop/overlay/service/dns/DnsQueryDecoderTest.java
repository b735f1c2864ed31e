package org.ipop.overlay.service.dns;

import static org.ipop.overlay.service.TestFrames.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.service.DropReason;
import org.junit.jupiter.api.Test;

class DnsQueryDecoderTest
{
    /** {@code dig @10.128.0.1 alice.ipop} (dig 9.18: RD and AD set, EDNS OPT with a client cookie). */
    static final byte[] DIG_ALICE = hex(
        "1b2c 0120 0001 0000 0000 0001" +
        "05 616c696365 04 69706f70 00 0001 0001" +
        "00 0029 04d0 00 00 0000 000c 000a 0008 0123456789abcdef");

    private final DnsQueryDecoder decoder = new DnsQueryDecoder();
    private final DnsQuestion question = new DnsQuestion();

    private DropReason decode(final byte[] bytes)
    {
        return decoder.decode(new UnsafeBuffer(bytes), 0, bytes.length, question);
    }

    @Test
    void shouldDecodeDigQueryForAlice()
    {
        assertEquals(DropReason.NONE, decode(DIG_ALICE));
        assertEquals(0x1b2c, question.id());
        assertEquals(0x0120, question.flags());
        assertEquals("alice.ipop", question.name().toString());
        assertEquals(2, question.labelCount());
        assertEquals("alice", question.label(0));
        assertEquals("ipop", question.label(1));
        assertEquals(DnsQuestion.TYPE_A, question.qtype());
        assertEquals(DnsQuestion.CLASS_IN, question.qclass());
    }

    @Test
    void shouldRejectForwardPointers()
    {
        // "bob" then a pointer to its own position (16)
        assertEquals(DropReason.DNS_COMPRESSION_LOOP,
            decode(hex("0001 0100 0001 0000 0000 0000 03 626f62 c0 10 04 69706f70 00 0001 0001")));
        // a pointer at 12 to a well-formed name at 18, after it
        assertEquals(DropReason.DNS_COMPRESSION_LOOP,
            decode(hex("0001 0100 0001 0000 0000 0000 c0 12 0001 0001 04 69706f70 00")));
    }

    @Test
    void shouldAcceptPointerIntoEarlierBytes()
    {
        // The header's ID bytes happen to spell a terminal label: 01 'a' 00 at offsets 0..2? Craft ID = 0x0161,
        // flags = 0x0000 -> bytes 01 61 00 00: label "a" then root. QNAME = 03 'www' c0 00 -> "www.a".
        final byte[] message = hex(
            "0161 0000 0001 0000 0000 0000" +
            "03 777777 c0 00 0001 0001");
        assertEquals(DropReason.NONE, decode(message));
        assertEquals("www.a", question.name().toString());
        assertEquals(DnsQuestion.TYPE_A, question.qtype(), "qtype read after the pointer, not after the target");
    }

    @Test
    void shouldRejectSelfPointerAsLoop()
    {
        assertEquals(DropReason.DNS_COMPRESSION_LOOP, decode(hex("0001 0100 0001 0000 0000 0000 c00c 0001 0001")));
    }

    @Test
    void shouldRejectPointerChainThatDoesNotStrictlyDescend()
    {
        // at 12: 01 'x' c0 0e -> jumps to 14, which is inside the run started at 12: 14 >= 12 -> loop
        assertEquals(DropReason.DNS_COMPRESSION_LOOP,
            decode(hex("0001 0100 0001 0000 0000 0000 01 78 c0 0e 0001 0001")));
        // chain descending into the header then pointing forward again: ID = c0 0c -> loop detected at target
        assertEquals(DropReason.DNS_COMPRESSION_LOOP,
            decode(hex("c00c 0100 0001 0000 0000 0000 c0 00 0001 0001")));
    }

    @Test
    void shouldRejectEveryTruncation()
    {
        for (int length = 0; length < DnsHeaderFlyweight.HEADER_LENGTH + 12 + 4; length++)
        {
            final DropReason reason = decoder.decode(new UnsafeBuffer(DIG_ALICE), 0, length, question);
            assertEquals(DropReason.DNS_TRUNCATED, reason, "length " + length);
        }
    }

    @Test
    void shouldRejectReservedLabelTypesAndOverlongNames()
    {
        assertEquals(DropReason.DNS_BAD_NAME, decode(hex("0001 0100 0001 0000 0000 0000 41 00 0001 0001")));
        final StringBuilder longName = new StringBuilder("0001 0100 0001 0000 0000 0000");
        for (int i = 0; i < 5; i++)
        {
            longName.append(" 3f").append("61".repeat(63));
        }
        longName.append(" 00 0001 0001");
        assertEquals(DropReason.DNS_BAD_NAME, decode(hex(longName.toString())));
    }

    @Test
    void shouldRejectResponses()
    {
        final byte[] response = DIG_ALICE.clone();
        response[2] |= (byte)0x80;
        assertEquals(DropReason.DNS_NOT_A_QUERY, decode(response));
    }
}
