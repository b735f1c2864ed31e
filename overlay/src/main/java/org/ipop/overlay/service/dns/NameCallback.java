package org.ipop.overlay.service.dns;

/**
 * Completion of {@link NameResolver#resolve}. Exactly one method is called, exactly once, on the
 * control-plane thread; possibly before {@code resolve} returns.
 */
public interface NameCallback
{
    /**
     * @param ip the virtual IPv4 address registered for the name.
     */
    void onResolved(int ip);

    /**
     * The name is not registered in the namespace (answered NXDOMAIN).
     */
    void onNotFound();

    /**
     * The lookup failed (e.g. overlay not connected); answered SERVFAIL.
     */
    void onFailed();
}
