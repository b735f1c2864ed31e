package org.ipop.overlay.dht;

import java.util.ArrayList;
import java.util.Arrays;

/** The values a replica holds under one key at one replica address, kept sorted by their bytes (unsigned). */
final class StoredRecord
{
    final byte[] key;
    final int replica;
    final ArrayList<StoredValue> values = new ArrayList<>(2);

    StoredRecord(final byte[] key, final int replica)
    {
        this.key = key;
        this.replica = replica;
    }

    int indexOf(final byte[] value)
    {
        int lo = 0;
        int hi = values.size() - 1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            final int c = Arrays.compareUnsigned(values.get(mid).bytes, value);
            if (c < 0)
            {
                lo = mid + 1;
            }
            else if (c > 0)
            {
                hi = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(lo + 1);
    }

    int liveCount(final long nowNs)
    {
        int n = 0;
        for (int i = 0; i < values.size(); i++)
        {
            if (values.get(i).expiresNs > nowNs)
            {
                n++;
            }
        }
        return n;
    }
}
