package org.ipop.overlay.service.arp;

/**
 * Tells proxy ARP whether a virtual IP belongs to a remote node. Answered from a cache without blocking;
 * on a miss the implementation may start an asynchronous lookup (DHT Get of the address record) so that
 * one of the host's ARP retransmissions (Linux retries every second) finds the answer.
 * <p>
 * Thread: called on the control-plane thread only.
 */
@FunctionalInterface
public interface VirtualIpResolver
{
    /** The address is leased by a remote node: answer with the virtual MAC. */
    int REMOTE = 1;
    /** The address is free, or leased by this node (the host itself): do not answer. */
    int NOT_REMOTE = 2;
    /** Not known yet (lookup in flight or started now): do not answer this time. */
    int UNKNOWN = 3;

    /**
     * @param virtualIp an address of the namespace's subnet, other than the virtual gateway/DNS ones.
     * @return {@link #REMOTE}, {@link #NOT_REMOTE} or {@link #UNKNOWN}.
     */
    int lookup(int virtualIp);
}
