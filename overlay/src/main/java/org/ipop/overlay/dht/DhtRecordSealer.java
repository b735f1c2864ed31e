package org.ipop.overlay.dht;

/**
 * Turns what a node claims into the values it writes under a governed key ({@link DhtRecordPolicy}): a sealed
 * (signed) record with an absolute expiry, and a delete token for it. Used by the {@link DhtKeeper} (which seals
 * each refresh anew) and by the DHT itself to roll back a failed create of its own record. Implementations are
 * deterministic for equal arguments (Ed25519 signatures are), so the journaled bytes do not depend on when a
 * replay runs. Threading: the control-plane thread only.
 */
public interface DhtRecordSealer
{
    /**
     * @param key        DHT key.
     * @param payload    the claim.
     * @param expiryEpochMs absolute expiry of the record, epoch milliseconds.
     * @return the value to write.
     */
    byte[] seal(byte[] key, byte[] payload, long expiryEpochMs);

    /**
     * @param key           DHT key.
     * @param payload       the claim to remove.
     * @param expiryEpochMs until when the token may be used, epoch milliseconds (keep it short).
     * @return the value of a delete request.
     */
    byte[] sealDelete(byte[] key, byte[] payload, long expiryEpochMs);

    /**
     * @param key           DHT key.
     * @param sealed        a value this sealer made with {@link #seal}.
     * @param expiryEpochMs until when the token may be used.
     * @return a delete token for it, or null if {@code sealed} is not this sealer's record.
     */
    byte[] deleteTokenFor(byte[] key, byte[] sealed, long expiryEpochMs);
}
