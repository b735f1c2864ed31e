package org.ipop.overlay.dht;

/** Outcome of a DHT operation. */
public enum DhtStatus
{
    /** A majority of replicas applied or agreed. */
    OK,
    /** Create found a live value held by someone else. */
    EXISTS,
    /** No majority answered before the retries ran out (e.g. the ring is still forming). */
    TIMEOUT,
    /** Key or value over the size limits ({@link Dht#MAX_KEY_LENGTH}, {@link Dht#MAX_VALUE_LENGTH}). */
    TOO_LARGE,
    /** Bad argument (empty key, TTL out of range). */
    INVALID,
    /**
     * A replica refused a governed record ({@link DhtRecordPolicy}): not validly signed, owner not a member,
     * expired, or the key is held by another owner.
     */
    REFUSED
}
