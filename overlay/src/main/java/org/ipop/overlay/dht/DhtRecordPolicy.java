package org.ipop.overlay.dht;

/**
 * What a replica checks before it stores, renews or deletes a value under a key the policy governs (records that
 * claim something for a node: signed by it, see {@code org.ipop.overlay.dht.signed}). Values of keys it does not
 * govern are stored as they come. Without a policy ({@link ReplicatedDht#recordPolicy}) the DHT governs nothing.
 * <p>
 * A governed value has an owner (whoever signed it) and a claim (what it says); the replica keeps one value per
 * owner and claim (a renewal replaces the older value), and under an {@link #exclusive} key only one owner's values
 * at a time (the first owner wins until its values expire). Deleting a governed value takes a delete token from
 * the same owner ({@link #admitDelete}), never the stored value itself (anyone who read it holds its bytes).
 * <p>
 * Implementations must be deterministic functions of their arguments (and of membership state): replicas decide
 * on the journaled clock ({@code nowNs}) and on the DHT's epoch time derived from it ({@link DhtContext#epochMillis}),
 * so a replay decides alike. Threading: the control-plane thread only.
 */
public interface DhtRecordPolicy
{
    /** {@link #admit} refusal: not a well-formed record, a bad signature, or a payload that disagrees with its owner. */
    long REFUSED_INVALID = -1;
    /** {@link #admit} refusal: the owner is not a member (certificate not valid for its key). */
    long REFUSED_NOT_MEMBER = -2;
    /** {@link #admit} refusal: expired, or expiring further ahead than the policy allows. */
    long REFUSED_EXPIRED = -3;

    /**
     * @param key a DHT key.
     * @return true if values under it must pass this policy.
     */
    boolean governs(byte[] key);

    /**
     * @param key a governed key.
     * @return true if the key holds one owner's values at a time (false: each owner keeps its own values, e.g. a
     * member list).
     */
    boolean exclusive(byte[] key);

    /**
     * Checks a value offered for storing (a put, a create, a copy from another replica, a write-back).
     *
     * @param key        a governed key.
     * @param value      the value.
     * @param nowNs      journaled time.
     * @param nowEpochMs the same instant in epoch milliseconds.
     * @return the journaled time at which the value stops being valid (after {@code nowNs}), or one of the negative
     * {@code REFUSED_*} reasons.
     */
    long admit(byte[] key, byte[] value, long nowNs, long nowEpochMs);

    /**
     * Checks a delete token.
     *
     * @param key        a governed key.
     * @param token      the value of the delete request.
     * @param nowEpochMs current epoch milliseconds.
     * @return 0 if it is a valid delete token, else one of the negative {@code REFUSED_*} reasons.
     */
    long admitDelete(byte[] key, byte[] token, long nowEpochMs);

    /**
     * @param a an admitted value.
     * @param b another.
     * @return true if the same owner signed both.
     */
    boolean sameOwner(byte[] a, byte[] b);

    /**
     * @param a an admitted value.
     * @param b another.
     * @return true if both make the same claim for the same owner (one renews the other).
     */
    boolean sameClaim(byte[] a, byte[] b);

    /**
     * @param token  an admitted delete token.
     * @param stored a stored value of the same key.
     * @return true if the token removes it (same owner, same claim).
     */
    boolean deletes(byte[] token, byte[] stored);
}
