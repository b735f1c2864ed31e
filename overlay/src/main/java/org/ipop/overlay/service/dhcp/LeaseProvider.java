package org.ipop.overlay.service.dhcp;

/**
 * Where the DHCP responder gets addresses: in the node, a DHT Create of {@code dhcp:<namespace>:<ip>}
 * with the lease time as TTL (renewal of the same record by the same node succeeds); in tests, the
 * in-memory provider of the test sources ({@code InMemoryLeaseProvider}).
 * <p>
 * Thread: every method is called on the control-plane thread, and callbacks must be delivered on it.
 * Implementations must not block: a lease that needs overlay round trips completes later through the
 * callback. The responder bounds and expires its own pending transactions; a late callback is ignored.
 */
public interface LeaseProvider
{
    /**
     * Obtains or renews a lease for a client.
     * <ul>
     *   <li>{@code requestedIp != 0}: grant exactly that address (new, or renewal by the same client) or
     *   deny.</li>
     *   <li>{@code requestedIp == 0}: grant any free address of the namespace, preferring the one this
     *   client already holds; deny if none can be obtained.</li>
     * </ul>
     *
     * @param clientMac   client hardware address (48 bits in a long).
     * @param requestedIp address wanted, or 0 for any.
     * @param hostname    DNS label from option 12 to register with the lease, or null (on a renewal: keep
     *                    the hostname registered before).
     * @param callback    completed exactly once.
     */
    void requestLease(long clientMac, int requestedIp, String hostname, LeaseCallback callback);

    /**
     * The client gives the address back (DHCPRELEASE). Ignored unless the client holds it.
     *
     * @param clientMac client hardware address.
     * @param ip        the address released.
     */
    void release(long clientMac, int ip);

    /**
     * The client found the address in use by someone else (DHCPDECLINE): release it and do not hand it
     * out again for a while.
     *
     * @param clientMac client hardware address.
     * @param ip        the address declined.
     */
    void decline(long clientMac, int ip);
}
