package org.ipop.overlay.dht.signed;

import org.ipop.overlay.address.NodeIdentity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HashMap;

/**
 * Checks the Ed25519 signature of a {@link SignedRecord} and remembers values already found good (a replica and a
 * reader see the same record on every refresh and every read; a verification costs far more than a lookup). Only
 * signature validity is remembered: membership and expiry are checked by the caller every time. Bounded: the
 * memory is emptied when full. Threading: the control-plane thread only.
 */
public final class RecordVerifier
{
    /** Good values remembered at most. */
    public static final int MAX_REMEMBERED = 4096;

    private final KeyFactory keyFactory;
    private final Signature signature;
    private final HashMap<ByteBuffer, byte[]> verified = new HashMap<>();

    /** Creates a verifier. */
    public RecordVerifier()
    {
        try
        {
            keyFactory = KeyFactory.getInstance("Ed25519");
            signature = Signature.getInstance("Ed25519");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("Ed25519 unavailable", ex);
        }
    }

    /**
     * @param record a wrapped record.
     * @param domain {@link SignedRecord#RECORD_DOMAIN} or {@link SignedRecord#DELETE_DOMAIN}.
     * @param key    the DHT key it is stored under.
     * @return true if its signature verifies under its identity key for that domain and key.
     */
    public boolean verify(final SignedRecord record, final String domain, final byte[] key)
    {
        // the key and domain are not in the value: remember them with it
        final byte[] label = domain.getBytes(StandardCharsets.US_ASCII);
        final byte[] value = record.value();
        final ByteBuffer id = ByteBuffer.wrap(record.signature());
        final byte[] remembered = verified.get(id);
        final byte[] context = concat(label, key, value);
        if (remembered != null && Arrays.equals(remembered, context))
        {
            return true;
        }
        final boolean good;
        try
        {
            final PublicKey publicKey =
                keyFactory.generatePublic(new X509EncodedKeySpec(NodeIdentity.x509OfRawKey(record.identityKey())));
            signature.initVerify(publicKey);
            signature.update(record.signedBytes(domain, key));
            good = signature.verify(record.signature());
        }
        catch (final GeneralSecurityException | RuntimeException ex)
        {
            return false;
        }
        if (good)
        {
            if (verified.size() >= MAX_REMEMBERED)
            {
                verified.clear();
            }
            verified.put(id, context);
        }
        return good;
    }

    private static byte[] concat(final byte[] label, final byte[] key, final byte[] value)
    {
        return ByteBuffer.allocate(label.length + 1 + 2 + key.length + value.length)
            .put(label).put((byte)0).putShort((short)key.length).put(key).put(value).array();
    }
}
