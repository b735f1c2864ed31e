package org.ipop.overlay.control;

import org.agrona.concurrent.UnsafeBuffer;
import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.TransportAddress;
import org.ipop.overlay.wire.NeighbourEntries;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ObservedTransportsTest
{
    private static final long LOCAL = TransportAddress.pack(0x0A00_0001, 4000);
    private static final Address PEER = Address.of(0, 0, 7);

    @Test
    void shouldCountRepeatedReportsOfOneTransportAndIgnoreTheLocalOne()
    {
        final ObservedTransports observed = new ObservedTransports(LOCAL);
        final long mapped = TransportAddress.pack(0xC633_6401, 61000);
        observed.record(mapped, PEER);
        observed.record(LOCAL, PEER);
        observed.record(mapped, Address.of(0, 0, 8));
        assertEquals(1, observed.count());
        assertEquals(mapped, observed.transport(0));
        assertEquals(2, observed.reports(0));
    }

    @Test
    void shouldKeepTheFirstReportedTransportsUpToCapacityAndAdvertiseTheLocalOneFirst()
    {
        final ObservedTransports observed = new ObservedTransports(LOCAL);
        for (int i = 0; i < ObservedTransports.CAPACITY + 2; i++)
        {
            observed.record(TransportAddress.pack(0xC633_6400 + i, 50000 + i), PEER);
        }
        assertEquals(ObservedTransports.CAPACITY, observed.count());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[NeighbourEntries.MAX_TRANSPORTS *
            NeighbourEntries.TRANSPORT_LENGTH]);
        assertEquals(1 + ObservedTransports.CAPACITY, observed.writeTransports(buffer, 0));
        final long[] advertised = new long[1 + ObservedTransports.CAPACITY];
        final long[] expected = new long[advertised.length];
        expected[0] = LOCAL;
        for (int i = 0; i < advertised.length; i++)
        {
            advertised[i] = NeighbourEntries.transport(buffer, i * NeighbourEntries.TRANSPORT_LENGTH);
            if (i > 0)
            {
                expected[i] = TransportAddress.pack(0xC633_6400 + i - 1, 50000 + i - 1);
            }
        }
        assertArrayEquals(expected, advertised);
        assertArrayEquals(Arrays.copyOfRange(expected, 1, expected.length), observed.toArray());
    }
}
