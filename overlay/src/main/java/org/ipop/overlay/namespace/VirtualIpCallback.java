package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;

/** Completion of {@link DhtVirtualIpResolver#resolve}; called once on the control-plane thread. */
@FunctionalInterface
public interface VirtualIpCallback
{
    /**
     * @param virtualIp the address asked for.
     * @param node      the overlay address of the node holding it, or null if nobody does or the DHT did not answer.
     */
    void onResolved(int virtualIp, Address node);
}
