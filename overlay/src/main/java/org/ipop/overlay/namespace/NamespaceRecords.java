package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtKeeper;
import org.ipop.overlay.dht.DhtResultCallback;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.dht.signed.RecordSigner;

import java.util.List;
import java.util.function.LongSupplier;

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
     * Publishes a configuration once, signed by this node (signed mode).
     *
     * @param dht        the DHT.
     * @param config     the configuration.
     * @param ttlSeconds lease and expiry of the record (at most {@link ClaimRecords#MAX_TTL_SECONDS}).
     * @param signer     this node's record signer.
     * @param callback   result (EXISTS if another configuration or owner holds the name).
     */
    public static void publish(
        final ReplicatedDht dht, final NamespaceConfig config, final int ttlSeconds, final RecordSigner signer,
        final DhtResultCallback callback)
    {
        final byte[] key = IpopKeys.namespace(config.name());
        dht.create(key, signer.seal(key, config.encode(), dht.epochMillis() + ttlSeconds * 1000L), ttlSeconds,
            callback);
    }

    /**
     * Publishes a configuration signed by this node and keeps it alive (sealed anew and re-created every TTL/3).
     *
     * @param keeper     the node's keeper.
     * @param config     the configuration.
     * @param ttlSeconds lease of each write (e.g. {@link ClaimRecords#RECORD_TTL_SECONDS}).
     * @param signer     this node's record signer.
     * @param listener   result of every write.
     */
    public static void keep(
        final DhtKeeper keeper, final NamespaceConfig config, final int ttlSeconds, final RecordSigner signer,
        final DhtResultCallback listener)
    {
        keeper.keep(IpopKeys.namespace(config.name()), config.encode(), ttlSeconds, true, signer, listener);
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
        fetch(dht, name, null, () -> 0L, callback);
    }

    /**
     * Reads a namespace's configuration from valid signed records only (signed mode).
     *
     * @param dht      the DHT.
     * @param name     namespace name.
     * @param claims   the rules records are read with.
     * @param callback the configuration (the valid value with the longest lease), or null.
     */
    public static void fetch(
        final ReplicatedDht dht, final String name, final ClaimRecords claims, final NamespaceCallback callback)
    {
        fetch(dht, name, claims, dht::epochMillis, callback);
    }

    private static void fetch(
        final Dht dht, final String name, final ClaimRecords claims, final LongSupplier epochMillis,
        final NamespaceCallback callback)
    {
        final byte[] key = IpopKeys.namespace(name);
        dht.get(key, (status, rawValues) ->
        {
            final List<DhtValue> values = ClaimRecords.open(claims, key, rawValues, epochMillis.getAsLong());
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
