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
    private DhtKeys()
    {
    }

    /**
     * @param key key bytes.
     * @return its ring address (key class).
     */
    public static Address keyAddress(final byte[] key)
    {
        try
        {
            return Address.fromBytes(MessageDigest.getInstance("SHA-1").digest(key)).withClass(Address.KEY_CLASS);
        }
        catch (final NoSuchAlgorithmException ex)
        {
            throw new IllegalStateException(ex);
        }
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
