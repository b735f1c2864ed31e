package org.ipop.overlay.dht;

import org.ipop.overlay.address.Address;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Places keys on the ring: a key's address is SHA-1 of its bytes with the class bit set to
 * {@link Address#KEY_CLASS}; replica {@code i} of {@code n} lives at {@code address + i * 2^160 / n}.
 */
public final class DhtKeys
{
    /** One SHA-1 per thread: looking a digest up by name walks the security providers each time. */
    private static final ThreadLocal<MessageDigest> SHA1 = ThreadLocal.withInitial(() ->
    {
        try
        {
            return MessageDigest.getInstance("SHA-1");
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
    });

    private DhtKeys()
    {
    }

    /**
     * @param key key bytes.
     * @return its ring address (key class).
     */
    public static Address keyAddress(final byte[] key)
    {
        return Address.fromBytes(SHA1.get().digest(key)).withClass(Address.KEY_CLASS);
    }

    /**
     * @param replicas replica count, a power of two.
     * @return the offsets {@code i * 2^160 / replicas} for i in 0..replicas-1.
     */
    public static Address[] replicaOffsets(final int replicas)
    {
        final Address[] offsets = new Address[replicas];
        final BigInteger step = BigInteger.ONE.shiftLeft(160).divide(BigInteger.valueOf(replicas));
        for (int i = 0; i < replicas; i++)
        {
            offsets[i] = Address.fromBigInteger(step.multiply(BigInteger.valueOf(i)));
        }
        return offsets;
    }
}
