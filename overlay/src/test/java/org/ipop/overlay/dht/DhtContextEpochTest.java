package org.ipop.overlay.dht;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DhtContextEpochTest
{
    @Test
    void shouldJournalTheEpochOffsetWithTheSettings()
    {
        final DhtContext context = new DhtContext().replicas(4).epochOffsetMs(1_790_000_000_123L).conclude();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[DhtContext.ENCODED_LENGTH]);
        final DhtContext decoded = DhtContext.decode(b, 0, context.encode(b, 0));
        assertEquals(1_790_000_000_123L, decoded.epochOffsetMs());
        assertEquals(4, decoded.replicas());
        assertEquals(1_790_000_002_123L, decoded.epochMillis(2_000_999_999L), "offset plus whole journaled ms");
    }

    @Test
    void shouldReadSettingsJournaledBeforeTheOffsetAsEpochZero()
    {
        final DhtContext context = new DhtContext().replicas(16).epochOffsetMs(99).conclude();
        final UnsafeBuffer b = new UnsafeBuffer(new byte[DhtContext.ENCODED_LENGTH]);
        context.encode(b, 0);
        final DhtContext old = DhtContext.decode(b, 0, DhtContext.ENCODED_LENGTH_V1);
        assertEquals(16, old.replicas());
        assertEquals(0, old.epochOffsetMs());
    }
}
