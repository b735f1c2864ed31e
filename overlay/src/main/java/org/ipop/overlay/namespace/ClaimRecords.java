package org.ipop.overlay.namespace;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.NodeIdentity;
import org.ipop.overlay.dht.DhtCounter;
import org.ipop.overlay.dht.DhtCounters;
import org.ipop.overlay.dht.DhtRecordPolicy;
import org.ipop.overlay.dht.DhtValue;
import org.ipop.overlay.dht.signed.RecordOwnerCheck;
import org.ipop.overlay.dht.signed.RecordVerifier;
import org.ipop.overlay.dht.signed.SignedRecord;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The IPOP records that claim something for a node, and the rules replicas and readers hold them to. Claim keys
 * ({@link IpopKeys}): lease {@code dhcp:}, name {@code host:}, virtual-IP owner {@code ip:}, membership
 * {@code members:} and namespace configuration {@code ns:}. Their values must be {@link SignedRecord}s that
 * <ul>
 *   <li>verify under the owner's identity key for their DHT key,</li>
 *   <li>carry a certificate the {@link RecordOwnerCheck} accepts for that key,</li>
 *   <li>have not expired and expire at most {@link #MAX_TTL_SECONDS} (plus {@link #CLOCK_SKEW_MS}) ahead, and</li>
 *   <li>name their owner where the payload names a node: an {@code ip:} or {@code members:} payload is the owner's
 *       overlay address, a {@code dhcp:} payload starts with it (then the client's MAC); a {@code host:} payload is
 *       a 4-byte IPv4 address.</li>
 * </ul>
 * Every claim key but {@code members:} is exclusive: the first owner holds it until its records expire. Writers
 * use {@link #RECORD_TTL_SECONDS} and refresh well inside it, so a record outlives its owner by at most that.
 * <p>
 * As a {@link DhtRecordPolicy} it is what the replicas apply ({@code ReplicatedDht.recordPolicy}); readers apply
 * {@link #open} to every value they get. Values of other keys (user records) are not governed. Threading: the
 * control-plane thread only.
 */
public final class ClaimRecords implements DhtRecordPolicy
{
    /** TTL writers give claim records: how long a record may outlive its owner. */
    public static final int RECORD_TTL_SECONDS = 120;
    /** Furthest expiry accepted, from now. */
    public static final int MAX_TTL_SECONDS = 300;
    /** Wall clocks of nodes may differ by this much. */
    public static final long CLOCK_SKEW_MS = 30_000L;
    /** How long a delete token may be valid, from now. */
    public static final long MAX_DELETE_TOKEN_MS = 60_000L;
    /** How long the delete tokens writers make are valid. */
    public static final long DELETE_TOKEN_MS = 30_000L;

    private static final byte[] LEASE = ascii("dhcp:");
    private static final byte[] HOST = ascii("host:");
    private static final byte[] ADDRESS = ascii("ip:");
    private static final byte[] MEMBERS = ascii("members:");
    private static final byte[] NAMESPACE = ascii("ns:");
    private static final byte[][] CLAIM_PREFIXES = {LEASE, HOST, ADDRESS, MEMBERS, NAMESPACE};

    private final RecordOwnerCheck check;
    private final RecordVerifier verifier = new RecordVerifier();
    private final SignedRecord first = new SignedRecord();
    private final SignedRecord second = new SignedRecord();
    private DhtCounters counters;
    private long ignoredOnRead;

    /**
     * @param check membership of record owners (the node's certificate trust store).
     */
    public ClaimRecords(final RecordOwnerCheck check)
    {
        this.check = check;
    }

    /**
     * @param counters where readers count the values they ignore ({@link DhtCounter#RECORDS_IGNORED_ON_READ}),
     *                 e.g. the DHT's; null for none.
     * @return this.
     */
    public ClaimRecords counters(final DhtCounters counters)
    {
        this.counters = counters;
        return this;
    }

    /**
     * @param key a DHT key.
     * @return true if it is a claim key.
     */
    public static boolean isClaimKey(final byte[] key)
    {
        for (final byte[] prefix : CLAIM_PREFIXES)
        {
            if (startsWith(key, prefix))
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean governs(final byte[] key)
    {
        return isClaimKey(key);
    }

    @Override
    public boolean exclusive(final byte[] key)
    {
        return !startsWith(key, MEMBERS);
    }

    @Override
    public long admit(final byte[] key, final byte[] value, final long nowNs, final long nowEpochMs)
    {
        final long verdict = check(key, value, nowEpochMs);
        return verdict < 0 ? verdict : nowNs + (first.expiryEpochMs() - nowEpochMs) * 1_000_000L;
    }

    @Override
    public long admitDelete(final byte[] key, final byte[] token, final long nowEpochMs)
    {
        if (!first.wrap(token))
        {
            return REFUSED_INVALID;
        }
        final long expiry = first.expiryEpochMs();
        if (expiry <= nowEpochMs || expiry > nowEpochMs + MAX_DELETE_TOKEN_MS + CLOCK_SKEW_MS)
        {
            return REFUSED_EXPIRED;
        }
        if (!verifier.verify(first, SignedRecord.DELETE_DOMAIN, key))
        {
            return REFUSED_INVALID;
        }
        return check.isMember(first.certificate(), first.identityKey(), nowEpochMs) ? 0 : REFUSED_NOT_MEMBER;
    }

    @Override
    public boolean sameOwner(final byte[] a, final byte[] b)
    {
        return first.wrap(a) && second.wrap(b) && first.sameOwner(second);
    }

    @Override
    public boolean sameClaim(final byte[] a, final byte[] b)
    {
        return first.wrap(a) && second.wrap(b) && first.sameClaim(second);
    }

    @Override
    public boolean deletes(final byte[] token, final byte[] stored)
    {
        return sameClaim(token, stored);
    }

    /**
     * What a reader keeps of the values a get returned under a claim key: the payloads of the valid records, each
     * with its remaining seconds capped at the record's expiry. Invalid values are dropped and counted. Values of
     * keys that are not claim keys are returned as they are.
     *
     * @param key        the key read.
     * @param values     the values the DHT returned.
     * @param nowEpochMs current time, epoch milliseconds.
     * @return the claims (payloads).
     */
    public List<DhtValue> open(final byte[] key, final List<DhtValue> values, final long nowEpochMs)
    {
        if (!isClaimKey(key))
        {
            return values;
        }
        final ArrayList<DhtValue> out = new ArrayList<>(values.size());
        for (final DhtValue v : values)
        {
            if (check(key, v.value(), nowEpochMs) < 0)
            {
                ignoredOnRead++;
                if (counters != null)
                {
                    counters.increment(DhtCounter.RECORDS_IGNORED_ON_READ);
                }
                continue;
            }
            final long leftMs = first.expiryEpochMs() - nowEpochMs;
            final int left = (int)Math.min(Integer.MAX_VALUE, (leftMs + 999) / 1000);
            out.add(new DhtValue(first.payload(), Math.min(v.remainingSeconds(), left)));
        }
        return out;
    }

    /**
     * Readers' convenience: {@link #open} when claims are checked, the values as they are otherwise.
     *
     * @param claims     the rules, or null in plaintext mode.
     * @param key        the key read.
     * @param values     the values the DHT returned.
     * @param nowEpochMs current time, epoch milliseconds.
     * @return what to use.
     */
    public static List<DhtValue> open(
        final ClaimRecords claims, final byte[] key, final List<DhtValue> values, final long nowEpochMs)
    {
        return claims == null ? values : claims.open(key, values, nowEpochMs);
    }

    /** @return values readers ignored. */
    public long ignoredOnRead()
    {
        return ignoredOnRead;
    }

    /** Checks a record value; leaves it wrapped in {@link #first}. */
    private long check(final byte[] key, final byte[] value, final long nowEpochMs)
    {
        if (!first.wrap(value))
        {
            return REFUSED_INVALID;
        }
        final long expiry = first.expiryEpochMs();
        if (expiry <= nowEpochMs || expiry > nowEpochMs + MAX_TTL_SECONDS * 1000L + CLOCK_SKEW_MS)
        {
            return REFUSED_EXPIRED;
        }
        if (!payloadAgrees(key, first) || !verifier.verify(first, SignedRecord.RECORD_DOMAIN, key))
        {
            return REFUSED_INVALID;
        }
        return check.isMember(first.certificate(), first.identityKey(), nowEpochMs) ? 0 : REFUSED_NOT_MEMBER;
    }

    private static boolean payloadAgrees(final byte[] key, final SignedRecord record)
    {
        final byte[] payload = record.payload();
        if (startsWith(key, HOST))
        {
            return payload.length == 4;
        }
        if (startsWith(key, NAMESPACE))
        {
            return payload.length > 0;
        }
        final byte[] owner = NodeIdentity.addressOfRawKey(record.identityKey()).toBytes();
        if (startsWith(key, LEASE))
        {
            return payload.length == Address.LENGTH + 6 && Arrays.equals(payload, 0, Address.LENGTH, owner, 0,
                Address.LENGTH);
        }
        return Arrays.equals(payload, owner);   // ip: and members:
    }

    private static boolean startsWith(final byte[] key, final byte[] prefix)
    {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static byte[] ascii(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
