package org.ipop.overlay.dht;

import org.ipop.overlay.address.Address;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DhtStoreTest
{
    private static final long S = 1_000_000_000L;
    private static final Address AT = Address.of(1, 2, 4);
    private static final byte[] KEY = {1};

    @Test
    void shouldExtendTheLeaseOfAnEqualValueAndNeverShortenIt()
    {
        final DhtStore store = new DhtStore(8);
        assertEquals(DhtStatus.OK, store.put(AT, KEY, 0, new byte[] {5}, 100 * S, 0));
        assertTrue(store.lastWasNew());
        assertEquals(DhtStatus.OK, store.put(AT, KEY, 0, new byte[] {5}, 50 * S, 10 * S));
        assertFalse(store.lastWasNew(), "a renewal");
        assertEquals(100 * S, store.record(AT).values.get(0).expiresNs);
        assertEquals(1, store.valueCount());
    }

    @Test
    void shouldCreateOnlyWhenNoOtherValueIsLive()
    {
        final DhtStore store = new DhtStore(8);
        assertEquals(DhtStatus.OK, store.create(AT, KEY, 0, new byte[] {1}, 10 * S, 0));
        assertEquals(DhtStatus.EXISTS, store.create(AT, KEY, 0, new byte[] {2}, 10 * S, S));
        assertEquals(DhtStatus.OK, store.create(AT, KEY, 0, new byte[] {1}, 20 * S, S), "renewal");
        assertEquals(DhtStatus.OK, store.create(AT, KEY, 0, new byte[] {2}, 40 * S, 21 * S), "after expiry");
        assertEquals(1, store.sweep(21 * S));
        assertEquals(1, store.valueCount());
    }

    @Test
    void shouldRefuseValuesBeyondTheLimitPerKey()
    {
        final DhtStore store = new DhtStore(2);
        store.put(AT, KEY, 0, new byte[] {1}, 10 * S, 0);
        store.put(AT, KEY, 0, new byte[] {2}, 10 * S, 0);
        assertEquals(DhtStatus.TOO_LARGE, store.put(AT, KEY, 0, new byte[] {3}, 10 * S, 0));
        assertEquals(DhtStatus.OK, store.put(AT, KEY, 0, new byte[] {3}, 20 * S, 11 * S), "room after expiry");
    }

    @Test
    void shouldDeleteOneValueAndDropEmptyRecords()
    {
        final DhtStore store = new DhtStore(8);
        store.put(AT, KEY, 0, new byte[] {1}, 10 * S, 0);
        store.put(AT, KEY, 0, new byte[] {2}, 10 * S, 0);
        assertTrue(store.delete(AT, new byte[] {1}));
        assertFalse(store.delete(AT, new byte[] {1}));
        assertEquals(1, store.recordCount());
        assertTrue(store.delete(AT, new byte[] {2}));
        assertEquals(0, store.recordCount());
        assertEquals(0, store.valueCount());
    }
}
