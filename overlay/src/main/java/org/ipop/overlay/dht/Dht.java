package org.ipop.overlay.dht;

/**
 * The overlay's replicated distributed hash table, as seen by services on the same node (DHCP leases,
 * name and address records).
 * <p>
 * Keys are hashed onto the ring with the key class bit; each record is kept by the nodes nearest to
 * {@code replicas} evenly spaced ring addresses, and an operation succeeds when a majority of replicas agree.
 * <p>
 * Threading: call only on the control-plane thread. Callbacks run on that thread, exactly once, possibly
 * before the call returns. Time is the control plane's journaled clock.
 */
public interface Dht
{
    /** Largest key in bytes. */
    int MAX_KEY_LENGTH = 256;

    /** Largest value in bytes. */
    int MAX_VALUE_LENGTH = 1024;

    /**
     * Appends {@code value} under {@code key} for {@code ttlSeconds}; putting the same value again extends
     * its lease.
     */
    void put(byte[] key, byte[] value, int ttlSeconds, DhtResultCallback callback);

    /**
     * Stores {@code value} only if {@code key} has no live value (atomic allocation); a live equal value
     * stored by the same caller counts as success (renewal). Fails with {@link DhtStatus#EXISTS} otherwise.
     */
    void create(byte[] key, byte[] value, int ttlSeconds, DhtResultCallback callback);

    /** Reads the live values a majority of replicas agree on, writing missing replicas back. */
    void get(byte[] key, DhtGetCallback callback);

    /**
     * Removes {@code value} from {@code key} (only the value given; other values stay). Under a key governed by the
     * replicas' {@link DhtRecordPolicy} (signed claim records) {@code value} must be the owner's delete token
     * ({@link DhtRecordSealer#sealDelete}); anything else gets {@link DhtStatus#REFUSED}.
     */
    void delete(byte[] key, byte[] value, DhtResultCallback callback);
}
