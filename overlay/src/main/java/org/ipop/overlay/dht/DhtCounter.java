package org.ipop.overlay.dht;

import org.ipop.engine.status.CounterDescriptor;

/**
 * Every counter of a node's DHT, with its stable type id (family
 * {@link org.ipop.engine.status.CounterFamily#DHT}, 3000-3999; a new counter takes the next free id) and label.
 * {@link DhtCounters} holds their values.
 */
public enum DhtCounter implements CounterDescriptor
{
    /** Operations started (after validation). */
    OPS_STARTED(3001, "dht ops started"),
    /** Operations that ended OK. */
    OPS_OK(3002, "dht ops ok"),
    /** Operations that ended with another status. */
    OPS_FAILED(3003, "dht ops failed"),
    /** Requests sent to replicas, resends included. */
    REQUESTS_SENT(3004, "dht requests sent"),
    /** Requests resent after a timeout. */
    REQUESTS_RESENT(3005, "dht requests resent"),
    /** Requests served by this node as a replica. */
    REQUESTS_SERVED(3006, "dht requests served"),
    /** Replies received for a live operation. */
    REPLIES(3007, "dht replies"),
    /** Replies for no live operation (late or duplicate). */
    REPLIES_LATE(3008, "dht replies late"),
    /** Copies sent to backups and new neighbours. */
    COPIES_SENT(3009, "dht copies sent"),
    /** Copies received. */
    COPIES_RECEIVED(3010, "dht copies received"),
    /** Values written back to replicas that missed them (read repair). */
    WRITE_BACKS(3011, "dht write-backs"),
    /** Operations refused as too large (client or replica side). */
    TOO_LARGE(3012, "dht too large"),
    /** DHT messages dropped: truncated, hostile or inconsistent. */
    DROP_MALFORMED(3013, "dht drop malformed"),
    /** DHT messages that could not be routed. */
    DROP_NO_ROUTE(3014, "dht drop no route"),
    /** Values removed by expiry. */
    VALUES_EXPIRED(3015, "dht values expired"),
    /** Governed records refused by this replica: malformed, bad signature, payload not the owner's. */
    RECORDS_REFUSED_INVALID(3016, "dht records refused invalid"),
    /** Governed records refused by this replica: the owner is not a member. */
    RECORDS_REFUSED_NOT_MEMBER(3017, "dht records refused not member"),
    /** Governed records refused by this replica: expired (a replayed put included) or expiring too far ahead. */
    RECORDS_REFUSED_EXPIRED(3018, "dht records refused expired"),
    /** Governed writes or deletes refused by this replica: the key is held by another owner. */
    RECORDS_REFUSED_OWNER(3019, "dht records refused owner"),
    /** Governed values a reader on this node ignored (not valid when read). */
    RECORDS_IGNORED_ON_READ(3020, "dht records ignored on read");

    private final int id;
    private final String label;

    DhtCounter(final int id, final String label)
    {
        this.id = id;
        this.label = label;
    }

    @Override
    public int id()
    {
        return id;
    }

    @Override
    public String label()
    {
        return label;
    }
}
