package org.ipop.overlay.dht;

import java.util.ArrayList;
import java.util.Arrays;

/**
 * Keeps records alive: puts (or creates) each kept record now and again every TTL/2 (Brunet's clients re-put at
 * half the lease), and again one second after a refresh that failed. Driven by the DHT's tick; its puts are
 * journaled DHT commands like any other. A record kept with a {@link DhtRecordSealer} (a signed claim) is sealed
 * anew for every write with an expiry of one TTL from then, and refreshed every TTL/3 so that one lost refresh
 * does not let it lapse; it is deleted with the sealer's delete token.
 * <p>
 * Threading: the control-plane thread only.
 */
public final class DhtKeeper implements DhtTickListener
{
    private static final long SECOND = 1_000_000_000L;
    /** How long a delete token made when a kept claim is stopped stays usable. */
    private static final long DELETE_TOKEN_MS = 30_000L;

    private final ReplicatedDht dht;
    private final ArrayList<Kept> kept = new ArrayList<>();

    private static final class Kept
    {
        final byte[] key;
        final byte[] value;
        final int ttlSeconds;
        final boolean create;
        final DhtRecordSealer sealer;
        final DhtResultCallback listener;
        long nextNs;
        boolean inFlight;

        Kept(final byte[] key, final byte[] value, final int ttlSeconds, final boolean create,
            final DhtRecordSealer sealer, final DhtResultCallback listener)
        {
            this.key = key;
            this.value = value;
            this.ttlSeconds = ttlSeconds;
            this.create = create;
            this.sealer = sealer;
            this.listener = listener;
        }
    }

    /**
     * @param dht the node's DHT; the keeper registers itself as a tick listener.
     */
    public DhtKeeper(final ReplicatedDht dht)
    {
        this.dht = dht;
        dht.addTickListener(this);
    }

    /**
     * Starts keeping a record: writes it now and every {@code ttlSeconds / 2}.
     *
     * @param key        key.
     * @param value      value.
     * @param ttlSeconds lease of each write, at least 2.
     * @param create     true to write with create (the record stays this node's or the refresh reports EXISTS).
     * @param listener   told the result of every write.
     */
    public void keep(
        final byte[] key, final byte[] value, final int ttlSeconds, final boolean create,
        final DhtResultCallback listener)
    {
        keep(key, value, ttlSeconds, create, null, listener);
    }

    /**
     * Starts keeping a claim record: seals {@code payload} with {@code sealer} and writes it now and every
     * {@code ttlSeconds / 3}, each write with an expiry of {@code ttlSeconds} from then.
     *
     * @param key        key.
     * @param payload    the claim (what {@link #stop} is given too).
     * @param ttlSeconds lease (and record expiry) of each write, at least 3.
     * @param create     true to write with create.
     * @param sealer     the node's record signer, or null for a plain record (then as {@link #keep(byte[], byte[],
     *                   int, boolean, DhtResultCallback)}).
     * @param listener   told the result of every write.
     */
    public void keep(
        final byte[] key, final byte[] payload, final int ttlSeconds, final boolean create,
        final DhtRecordSealer sealer, final DhtResultCallback listener)
    {
        if (ttlSeconds < (sealer == null ? 2 : 3))
        {
            throw new IllegalArgumentException("ttlSeconds too short: " + ttlSeconds);
        }
        stop(key, payload, false);
        final Kept k = new Kept(key.clone(), payload.clone(), ttlSeconds, create, sealer, listener);
        kept.add(k);
        write(k, dht.plane().nowNs());
    }

    /**
     * Stops keeping a record.
     *
     * @param key    key.
     * @param value  value.
     * @param delete also delete it from the DHT now (otherwise it lives out its lease).
     * @return true if it was kept.
     */
    public boolean stop(final byte[] key, final byte[] value, final boolean delete)
    {
        for (int i = 0; i < kept.size(); i++)
        {
            final Kept k = kept.get(i);
            if (Arrays.equals(k.key, key) && Arrays.equals(k.value, value))
            {
                kept.remove(i);
                if (delete)
                {
                    dht.delete(key, k.sealer == null ? value :
                        k.sealer.sealDelete(key, value, dht.epochMillis() + DELETE_TOKEN_MS), status -> { });
                }
                return true;
            }
        }
        return false;
    }

    /** @return records kept. */
    public int size()
    {
        return kept.size();
    }

    @Override
    public void onTick(final long nowNs)
    {
        for (int i = 0; i < kept.size(); i++)
        {
            final Kept k = kept.get(i);
            if (!k.inFlight && nowNs >= k.nextNs)
            {
                write(k, nowNs);
            }
        }
    }

    private void write(final Kept k, final long nowNs)
    {
        k.inFlight = true;
        k.nextNs = nowNs + k.ttlSeconds * SECOND / (k.sealer == null ? 2 : 3);
        final DhtResultCallback done = status ->
        {
            k.inFlight = false;
            if (status != DhtStatus.OK)
            {
                k.nextNs = Math.min(k.nextNs, dht.plane().nowNs() + SECOND);
            }
            k.listener.onResult(status);
        };
        final byte[] value = k.sealer == null ? k.value :
            k.sealer.seal(k.key, k.value, dht.context().epochMillis(nowNs) + k.ttlSeconds * 1000L);
        if (k.create)
        {
            dht.create(k.key, value, k.ttlSeconds, done);
        }
        else
        {
            dht.put(k.key, value, k.ttlSeconds, done);
        }
    }
}
