package org.ipop.overlay.dht;

/** Completion of a DHT write; called once on the control-plane thread. */
@FunctionalInterface
public interface DhtResultCallback
{
    void onResult(DhtStatus status);
}
