package org.ipop.overlay.dht;

/**
 * Called on every control-plane tick by {@link ReplicatedDht#addTickListener}: the place for clients that re-put
 * records or renew leases. DHT operations made here are journaled commands applied right after the tick.
 */
@FunctionalInterface
public interface DhtTickListener
{
    /**
     * @param nowNs tick time (journaled clock).
     */
    void onTick(long nowNs);
}
