package org.ipop.overlay.dht;

/** One value held by a replica, with the time its lease ends (journaled clock). */
final class StoredValue
{
    final byte[] bytes;
    long expiresNs;

    StoredValue(final byte[] bytes, final long expiresNs)
    {
        this.bytes = bytes;
        this.expiresNs = expiresNs;
    }

    int remainingSeconds(final long nowNs)
    {
        final long left = expiresNs - nowNs;
        return left <= 0 ? 0 : (int)Math.min(Integer.MAX_VALUE, (left + 999_999_999L) / 1_000_000_000L);
    }
}
