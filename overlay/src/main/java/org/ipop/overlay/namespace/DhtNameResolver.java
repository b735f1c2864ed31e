package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtResultCallback;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.service.dns.NameCallback;
import org.ipop.overlay.service.dns.NameResolver;

import java.nio.ByteBuffer;

/**
 * Resolves {@code <hostname>.ipop} of a namespace with a DHT get of {@code host:<namespace>:<hostname>} (a 4-byte
 * IPv4 value; with several values, the one with the longest remaining lease). No value: not found; the DHT did not
 * answer: failed. Control-plane thread only.
 */
public final class DhtNameResolver implements NameResolver
{
    private final Dht dht;
    private final String namespace;

    /**
     * @param dht       the node's DHT.
     * @param namespace namespace name.
     */
    public DhtNameResolver(final Dht dht, final String namespace)
    {
        this.dht = dht;
        this.namespace = namespace;
    }

    @Override
    public void resolve(final String hostname, final NameCallback callback)
    {
        dht.get(IpopKeys.host(namespace, hostname), (status, values) ->
        {
            if (status != DhtStatus.OK)
            {
                callback.onFailed();
                return;
            }
            int best = 0;
            int bestRemaining = -1;
            for (final DhtValue v : values)
            {
                if (v.value().length == 4 && v.remainingSeconds() > bestRemaining)
                {
                    best = ByteBuffer.wrap(v.value()).getInt();
                    bestRemaining = v.remainingSeconds();
                }
            }
            if (bestRemaining < 0)
            {
                callback.onNotFound();
            }
            else
            {
                callback.onResolved(best);
            }
        });
    }

    /**
     * Registers a hostname for an address (a create: the first holder keeps the name until its lease ends).
     *
     * @param hostname   lower-case DNS label.
     * @param ip         its virtual IPv4 address.
     * @param ttlSeconds lease of the record.
     * @param callback   result (EXISTS if another address holds the name).
     */
    public void register(
        final String hostname, final int ip, final int ttlSeconds, final DhtResultCallback callback)
    {
        dht.create(IpopKeys.host(namespace, hostname), DhtLeaseProvider.ipBytes(ip), ttlSeconds, callback);
    }
}
