package org.ipop.overlay.service.dns;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link NameResolver} over a map, for tests. Completes synchronously.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class InMemoryNameResolver implements NameResolver
{
    private final Map<String, Integer> ipByName = new HashMap<>();

    /**
     * @param hostname label, any case.
     * @param ip       its virtual address.
     * @return this.
     */
    public InMemoryNameResolver register(final String hostname, final int ip)
    {
        ipByName.put(hostname.toLowerCase(Locale.ROOT), ip);
        return this;
    }

    /**
     * @param hostname label, any case.
     * @return this.
     */
    public InMemoryNameResolver unregister(final String hostname)
    {
        ipByName.remove(hostname.toLowerCase(Locale.ROOT));
        return this;
    }

    @Override
    public void resolve(final String hostname, final NameCallback callback)
    {
        final Integer ip = ipByName.get(hostname);
        if (ip == null)
        {
            callback.onNotFound();
        }
        else
        {
            callback.onResolved(ip);
        }
    }
}
