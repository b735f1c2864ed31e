package org.ipop.overlay.dht;

import org.ipop.overlay.address.Address;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one node holds as a replica: records by replica address (ring order, so iteration and the digest are
 * deterministic), each with its values and their lease ends. Expired values are invisible at once and removed by
 * {@link #sweep}. Control-plane thread only.
 */
public final class DhtStore
{
    private final TreeMap<Address, StoredRecord> records = new TreeMap<>();
    private final int maxValuesPerKey;
    private DhtRecordPolicy policy;
    private int valueCount;
    private boolean lastWasNew;
    private StoredValue lastStored;

    /**
     * @param maxValuesPerKey live values one key may hold here.
     */
    public DhtStore(final int maxValuesPerKey)
    {
        this.maxValuesPerKey = maxValuesPerKey;
    }

    /**
     * Sets the policy of governed keys (null: none). Values of a governed key must already have passed
     * {@link DhtRecordPolicy#admit}; the store then keeps one value per owner and claim (the one that lasts longer)
     * and, under an exclusive key, refuses another owner's value while one is live.
     *
     * @param policy the policy, or null.
     * @return this.
     */
    public DhtStore policy(final DhtRecordPolicy policy)
    {
        this.policy = policy;
        return this;
    }

    /**
     * Appends a value or extends its lease to {@code expiresNs} if later. Under a governed key: a renewal of a held
     * claim replaces it when it lasts longer; another owner's value under an exclusive key is refused.
     *
     * @param at        replica address.
     * @param key       key bytes.
     * @param replica   replica index.
     * @param value     value bytes.
     * @param expiresNs lease end.
     * @param nowNs     current time.
     * @return {@link DhtStatus#OK}, {@link DhtStatus#TOO_LARGE} when the key is full, or {@link DhtStatus#REFUSED}
     * when an exclusive governed key is held by another owner.
     */
    public DhtStatus put(
        final Address at, final byte[] key, final int replica, final byte[] value, final long expiresNs,
        final long nowNs)
    {
        if (policy != null && policy.governs(key))
        {
            return putClaim(at, key, replica, value, expiresNs, nowNs, false);
        }
        return putValue(at, key, replica, value, expiresNs, nowNs);
    }

    private DhtStatus putValue(
        final Address at, final byte[] key, final int replica, final byte[] value, final long expiresNs,
        final long nowNs)
    {
        StoredRecord r = records.get(at);
        if (r == null)
        {
            r = new StoredRecord(key, replica);
            records.put(at, r);
        }
        final int i = r.indexOf(value);
        if (i >= 0)
        {
            final StoredValue v = r.values.get(i);
            lastWasNew = v.expiresNs <= nowNs;
            v.expiresNs = Math.max(v.expiresNs, expiresNs);
            lastStored = v;
            return DhtStatus.OK;
        }
        lastWasNew = true;
        if (r.liveCount(nowNs) >= maxValuesPerKey)
        {
            if (r.values.isEmpty())
            {
                records.remove(at);
            }
            return DhtStatus.TOO_LARGE;
        }
        final StoredValue added = new StoredValue(value, expiresNs);
        r.values.add(-(i + 1), added);
        lastStored = added;
        valueCount++;
        return DhtStatus.OK;
    }

    private DhtStatus putClaim(
        final Address at, final byte[] key, final int replica, final byte[] value, final long expiresNs,
        final long nowNs, final boolean create)
    {
        final StoredRecord r = records.get(at);
        StoredValue same = null;
        if (r != null)
        {
            final boolean exclusive = policy.exclusive(key);
            for (int i = 0; i < r.values.size(); i++)
            {
                final StoredValue v = r.values.get(i);
                final boolean claim = policy.sameClaim(v.bytes, value);
                if (claim)
                {
                    if (same == null || v.expiresNs > same.expiresNs)
                    {
                        same = v;
                    }
                }
                else if (v.expiresNs > nowNs)
                {
                    if (exclusive && !policy.sameOwner(v.bytes, value))
                    {
                        return create ? DhtStatus.EXISTS : DhtStatus.REFUSED;
                    }
                    if (create)
                    {
                        return DhtStatus.EXISTS;
                    }
                }
            }
        }
        if (same != null && same.expiresNs >= expiresNs)
        {
            // a replayed or older copy of a claim held longer already: keep what is held
            lastWasNew = same.expiresNs <= nowNs;
            lastStored = same;
            return DhtStatus.OK;
        }
        final boolean wasLive = same != null && same.expiresNs > nowNs;
        if (same != null)
        {
            removeClaims(at, r, value);
        }
        final DhtStatus status = putValue(at, key, replica, value, expiresNs, nowNs);
        lastWasNew = !wasLive;
        return status;
    }

    private void removeClaims(final Address at, final StoredRecord r, final byte[] value)
    {
        for (int i = r.values.size() - 1; i >= 0; i--)
        {
            if (policy.sameClaim(r.values.get(i).bytes, value))
            {
                r.values.remove(i);
                valueCount--;
            }
        }
        if (r.values.isEmpty())
        {
            records.remove(at);
        }
    }

    /**
     * Stores the value only if the key has no live value other than this one (then the lease is extended).
     *
     * @param at        replica address.
     * @param key       key bytes.
     * @param replica   replica index.
     * @param value     value bytes.
     * @param expiresNs lease end.
     * @param nowNs     current time.
     * @return {@link DhtStatus#OK}, {@link DhtStatus#EXISTS} or {@link DhtStatus#TOO_LARGE}.
     */
    public DhtStatus create(
        final Address at, final byte[] key, final int replica, final byte[] value, final long expiresNs,
        final long nowNs)
    {
        if (policy != null && policy.governs(key))
        {
            return putClaim(at, key, replica, value, expiresNs, nowNs, true);
        }
        final StoredRecord r = records.get(at);
        if (r != null)
        {
            for (int i = 0; i < r.values.size(); i++)
            {
                final StoredValue v = r.values.get(i);
                if (v.expiresNs > nowNs && !Arrays.equals(v.bytes, value))
                {
                    return DhtStatus.EXISTS;
                }
            }
        }
        return putValue(at, key, replica, value, expiresNs, nowNs);
    }

    /** @return true if the last successful {@link #put} or {@link #create} added a value that was not live. */
    public boolean lastWasNew()
    {
        return lastWasNew;
    }

    /** @return the value the last successful {@link #put} or {@link #create} left held (a renewal may keep another). */
    StoredValue lastStored()
    {
        return lastStored;
    }

    /**
     * Removes the governed values a delete token removes ({@link DhtRecordPolicy#deletes}); the token must have
     * passed {@link DhtRecordPolicy#admitDelete}.
     *
     * @param at    replica address.
     * @param token the delete token.
     * @param nowNs current time.
     * @return {@link DhtStatus#OK}, or {@link DhtStatus#REFUSED} if the key's live values belong to another owner
     * (nothing removed).
     */
    public DhtStatus deleteClaim(final Address at, final byte[] token, final long nowNs)
    {
        final StoredRecord r = records.get(at);
        if (r == null)
        {
            return DhtStatus.OK;
        }
        boolean removed = false;
        boolean foreign = false;
        for (int i = r.values.size() - 1; i >= 0; i--)
        {
            final StoredValue v = r.values.get(i);
            if (policy.deletes(token, v.bytes))
            {
                r.values.remove(i);
                valueCount--;
                removed = true;
            }
            else if (v.expiresNs > nowNs && !policy.sameOwner(token, v.bytes))
            {
                foreign = true;
            }
        }
        if (r.values.isEmpty())
        {
            records.remove(at);
        }
        return removed || !foreign ? DhtStatus.OK : DhtStatus.REFUSED;
    }

    /**
     * @param at    replica address.
     * @param value value to remove (other values stay).
     * @return true if it was held.
     */
    public boolean delete(final Address at, final byte[] value)
    {
        final StoredRecord r = records.get(at);
        if (r == null)
        {
            return false;
        }
        final int i = r.indexOf(value);
        if (i < 0)
        {
            return false;
        }
        r.values.remove(i);
        valueCount--;
        if (r.values.isEmpty())
        {
            records.remove(at);
        }
        return true;
    }

    /**
     * @param at replica address.
     * @return the record (values may include expired ones: check against the clock), or null.
     */
    StoredRecord record(final Address at)
    {
        return records.get(at);
    }

    /** @return records by replica address, in ring order (read only). */
    Map<Address, StoredRecord> records()
    {
        return records;
    }

    /**
     * Removes expired values.
     *
     * @param nowNs current time.
     * @return values removed.
     */
    public int sweep(final long nowNs)
    {
        int removed = 0;
        final Iterator<StoredRecord> it = records.values().iterator();
        while (it.hasNext())
        {
            final StoredRecord r = it.next();
            for (int i = r.values.size() - 1; i >= 0; i--)
            {
                if (r.values.get(i).expiresNs <= nowNs)
                {
                    r.values.remove(i);
                    removed++;
                }
            }
            if (r.values.isEmpty())
            {
                it.remove();
            }
        }
        valueCount -= removed;
        return removed;
    }

    /** @return values held, expired ones not yet swept included. */
    public int valueCount()
    {
        return valueCount;
    }

    /** @return records held. */
    public int recordCount()
    {
        return records.size();
    }

    /**
     * Adds the store to a digest canonically.
     *
     * @param md digest.
     */
    public void digest(final MessageDigest md)
    {
        final ByteBuffer b = ByteBuffer.allocate(16);
        b.putLong(records.size()).putLong(valueCount);
        md.update(b.array());
        for (final Map.Entry<Address, StoredRecord> e : records.entrySet())
        {
            md.update(e.getKey().toBytes());
            final StoredRecord r = e.getValue();
            md.update(r.key);
            for (final StoredValue v : r.values)
            {
                b.clear();
                b.putLong(v.bytes.length).putLong(v.expiresNs);
                md.update(b.array());
                md.update(v.bytes);
            }
        }
    }
}
