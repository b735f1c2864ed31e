package org.ipop.overlay.service.dns;

/**
 * Resolves a hostname of the namespace to its virtual IP: in the node, a DHT Get of the hostname record
 * (possibly cached); in tests, the in-memory resolver of the test sources ({@code InMemoryNameResolver}).
 * <p>
 * Thread: called on the control-plane thread, callbacks delivered on it. Must not block; the responder
 * bounds and expires its pending queries and ignores late callbacks.
 */
public interface NameResolver
{
    /**
     * @param hostname a single lower-case DNS label (letters, digits, hyphen), without the domain.
     * @param callback completed exactly once.
     */
    void resolve(String hostname, NameCallback callback);
}
