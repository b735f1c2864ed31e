package org.ipop.overlay.service.dhcp;

/**
 * Completion of {@link LeaseProvider#requestLease}. Exactly one method is called, exactly once, on the
 * control-plane thread; possibly before {@code requestLease} returns.
 */
public interface LeaseCallback
{
    /**
     * @param ip           the leased address.
     * @param leaseSeconds lease time granted (the DHT record's TTL), at least 1.
     */
    void onLeaseGranted(int ip, int leaseSeconds);

    /**
     * The address asked for is held by another client or not assignable, or (for "any address") no
     * address could be obtained.
     */
    void onLeaseDenied();
}
