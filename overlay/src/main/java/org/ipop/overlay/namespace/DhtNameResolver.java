package org.ipop.overlay.namespace;

import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtResultCallback;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.dht.ReplicatedDht;
import org.ipop.overlay.dht.signed.RecordSigner;
import org.ipop.overlay.service.dns.NameCallback;
import org.ipop.overlay.service.dns.NameResolver;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Resolves {@code <hostname>.ipop} of a namespace with a DHT get of {@code host:<namespace>:<hostname>} (a 4-byte
 * IPv4 value; with several values, the one with the longest remaining lease). No value: not found; the DHT did not
 * answer: failed. Control-plane thread only.
 */
public final class DhtNameResolver implements NameResolver
{
    private final Dht dht;
    private final String namespace;
    private final ClaimRecords claims;
    private final RecordSigner signer;
    private final LongSupplier epochMillis;

    /**
     * @param dht       the node's DHT.
     * @param namespace namespace name.
     */
    public DhtNameResolver(final Dht dht, final String namespace)
    {
        this.dht = dht;
        this.namespace = namespace;
        this.claims = null;
        this.signer = null;
        this.epochMillis = () -> 0L;
    }

    /**
     * Signed mode: resolves only from valid signed records and signs what it registers.
     *
     * @param dht       the node's DHT.
     * @param namespace namespace name.
     * @param claims    the rules records are read with, or null to read values as they are.
     * @param signer    signs registered names, or null to write plain values.
     */
    public DhtNameResolver(
        final ReplicatedDht dht, final String namespace, final ClaimRecords claims, final RecordSigner signer)
    {
        this.dht = dht;
        this.namespace = namespace;
        this.claims = claims;
        this.signer = signer;
        this.epochMillis = dht::epochMillis;
    }

    @Override
    public void resolve(final String hostname, final NameCallback callback)
    {
        final byte[] key = IpopKeys.host(namespace, hostname);
        dht.get(key, (status, rawValues) ->
        {
            final List<DhtValue> values = ClaimRecords.open(claims, key, rawValues, epochMillis.getAsLong());
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
     * @param ttlSeconds lease of the record (in signed mode also its expiry: at most
     *                   {@link ClaimRecords#MAX_TTL_SECONDS}, and it is not refreshed here).
     * @param callback   result (EXISTS if another address holds the name).
     */
    public void register(
        final String hostname, final int ip, final int ttlSeconds, final DhtResultCallback callback)
    {
        final byte[] key = IpopKeys.host(namespace, hostname);
        final byte[] payload = DhtLeaseProvider.ipBytes(ip);
        dht.create(key, signer == null ? payload : signer.seal(key, payload, epochMillis.getAsLong() + ttlSeconds * 1000L),
            ttlSeconds, callback);
    }
}
