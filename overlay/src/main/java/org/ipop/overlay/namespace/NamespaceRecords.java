package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtKeeper;
import org.ipop.overlay.dht.DhtResultCallback;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;

/**
 * Publishes and reads namespace configuration records ({@link IpopKeys#namespace}). Publishing is a create: the
 * first configuration of a name wins and later different ones get {@link DhtStatus#EXISTS}; the same configuration
 * renews it. Control-plane thread only.
 */
public final class NamespaceRecords
{
    private NamespaceRecords()
    {
    }

    /**
     * Publishes a configuration once.
     *
     * @param dht        the DHT.
     * @param config     the configuration.
     * @param ttlSeconds lease of the record.
     * @param callback   result (EXISTS if another configuration holds the name).
     */
    public static void publish(
        final Dht dht, final NamespaceConfig config, final int ttlSeconds, final DhtResultCallback callback)
    {
        dht.create(IpopKeys.namespace(config.name()), config.encode(), ttlSeconds, callback);
    }

    /**
     * Publishes a configuration and keeps it alive (re-created every TTL/2 by the keeper).
     *
     * @param keeper     the node's keeper.
     * @param config     the configuration.
     * @param ttlSeconds lease of each write.
     * @param listener   result of every write.
     */
    public static void keep(
        final DhtKeeper keeper, final NamespaceConfig config, final int ttlSeconds, final DhtResultCallback listener)
    {
        keeper.keep(IpopKeys.namespace(config.name()), config.encode(), ttlSeconds, true, listener);
    }

    /**
     * Reads a namespace's configuration.
     *
     * @param dht      the DHT.
     * @param name     namespace name.
     * @param callback the configuration (the valid value with the longest lease), or null.
     */
    public static void fetch(final Dht dht, final String name, final NamespaceCallback callback)
    {
        dht.get(IpopKeys.namespace(name), (status, values) ->
        {
            NamespaceConfig best = null;
            int bestRemaining = -1;
            for (final DhtValue v : values)
            {
                final NamespaceConfig c = NamespaceConfig.decode(name, v.value());
                if (c != null && v.remainingSeconds() > bestRemaining)
                {
                    best = c;
                    bestRemaining = v.remainingSeconds();
                }
            }
            callback.onNamespace(status, best);
        });
    }
}
