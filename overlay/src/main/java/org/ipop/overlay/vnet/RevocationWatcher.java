package org.ipop.overlay.vnet;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;
import org.ipop.overlay.dht.Dht;
import org.ipop.overlay.dht.DhtKeeper;
import org.ipop.overlay.dht.DhtStatus;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.security.CertificateException;
import org.ipop.overlay.security.NodeCertificate;
import org.ipop.overlay.security.Revocation;

/**
 * Spreads CA-signed revocations ({@link Revocation}) through the DHT and acts on them: every node reads
 * {@code revoked:<namespace>} every {@link #REFRESH_INTERVAL_NS}, checks each value's CA signature against the
 * CAs it trusts, revokes what is new ({@link SecureChannels#revoke}: sessions removed, connections closed, the
 * certificate refused from then on) and keeps the statement alive in the DHT itself, so a revocation outlives the
 * node it was handed to. Values that are not revocations signed by a trusted CA are ignored and counted: any member
 * can write under the key, only a CA's signature makes a value count.
 * <p>
 * Thread: the control-plane thread only.
 */
public final class RevocationWatcher implements Agent
{
    /** How often the revocations are read back: how many seconds a revocation takes to act everywhere. */
    public static final long REFRESH_INTERVAL_NS = 5_000_000_000L;
    /** Lease of each revocation record, rewritten by every node that knows it at half this. */
    public static final int RECORD_TTL_SECONDS = 24 * 3600;

    private final Dht dht;
    private final DhtKeeper keeper;
    private final SecureChannels secure;
    private final List<NodeCertificate> authorities;
    private final byte[] key;
    private final BooleanSupplier ready;
    private final NanoClock clock;
    private final Set<String> applied = new HashSet<>();
    private boolean reading;
    private long nextRefreshNs;
    private long invalid;

    /**
     * @param dht         the node's DHT.
     * @param keeper      keeps the revocations this node knows alive.
     * @param secure      the node's edges, which act on a revocation.
     * @param authorities the CA certificates this node trusts.
     * @param namespace   the node's namespace.
     * @param ready       true once DHT requests reach their replicas.
     * @param clock       time for the refresh interval.
     */
    public RevocationWatcher(
        final Dht dht,
        final DhtKeeper keeper,
        final SecureChannels secure,
        final List<NodeCertificate> authorities,
        final String namespace,
        final BooleanSupplier ready,
        final NanoClock clock)
    {
        this.dht = dht;
        this.keeper = keeper;
        this.secure = secure;
        this.authorities = List.copyOf(authorities);
        this.key = key(namespace);
        this.ready = ready;
        this.clock = clock;
    }

    /** @return the DHT key under which the revocations of {@code namespace} are kept. */
    public static byte[] key(final String namespace)
    {
        return ("revoked:" + namespace).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String roleName()
    {
        return "ipop-revocations";
    }

    @Override
    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        if (reading || nowNs - nextRefreshNs < 0 || !ready.getAsBoolean())
        {
            return 0;
        }
        nextRefreshNs = nowNs + REFRESH_INTERVAL_NS;
        reading = true;
        dht.get(key, this::onValues);
        return 1;
    }

    private void onValues(final DhtStatus status, final List<DhtValue> values)
    {
        reading = false;
        if (status != DhtStatus.OK || values == null)
        {
            return;
        }
        for (final DhtValue value : values)
        {
            try
            {
                accept(Revocation.decode(value.value()));
            }
            catch (final CertificateException ex)
            {
                invalid++;
            }
        }
    }

    /**
     * Acts on a revocation handed to this node (by an operator) and publishes it.
     *
     * @param revocation the statement.
     * @return null when it was accepted, else why not (one line).
     */
    public String publish(final Revocation revocation)
    {
        if (!revocation.verify(authorities))
        {
            invalid++;
            return "the revocation is not signed by a CA this node trusts";
        }
        accept(revocation);
        return null;
    }

    private void accept(final Revocation revocation)
    {
        if (applied.contains(revocation.fingerprint()))
        {
            return;
        }
        if (!revocation.verify(authorities))
        {
            invalid++;
            return;
        }
        applied.add(revocation.fingerprint());
        secure.revoke(revocation.fingerprint());
        keeper.keep(key, revocation.encode(), RECORD_TTL_SECONDS, false, status -> { });
    }

    /** @return revocations acted on since start. */
    public int applied()
    {
        return applied.size();
    }

    /** @return values under the key that were not revocations signed by a trusted CA. */
    public long invalid()
    {
        return invalid;
    }
}
