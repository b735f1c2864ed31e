package org.ipop.overlay.dht.signed;

import org.ipop.overlay.address.Address;
import org.ipop.overlay.address.NodeIdentity;
import org.ipop.overlay.dht.DhtRecordSealer;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * Signs this node's claims ({@link SignedRecord}) with its identity key and carries its certificate. Ed25519
 * signatures are deterministic, so the same claim, key and expiry give the same bytes. Threading: the
 * control-plane thread only.
 */
public final class RecordSigner implements DhtRecordSealer
{
    private final PrivateKey privateKey;
    private final byte[] identityKey;
    private final byte[] certificate;
    private final Address address;
    private final Signature signature;
    private final SignedRecord view = new SignedRecord();

    /**
     * @param identity    the node's identity (Ed25519 key pair).
     * @param certificate the node's encoded member certificate (at most {@link SignedRecord#MAX_CERTIFICATE_LENGTH}
     *                    bytes; empty where no certificate is used).
     */
    public RecordSigner(final NodeIdentity identity, final byte[] certificate)
    {
        if (certificate.length > SignedRecord.MAX_CERTIFICATE_LENGTH)
        {
            throw new IllegalArgumentException("certificate too large: " + certificate.length);
        }
        this.privateKey = identity.keyPair().getPrivate();
        this.identityKey = NodeIdentity.rawKeyOf(identity.keyPair().getPublic());
        this.certificate = certificate.clone();
        this.address = identity.address();
        try
        {
            this.signature = Signature.getInstance("Ed25519");
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("Ed25519 unavailable", ex);
        }
    }

    /** @return the overlay address of the signing node (what its claims must name). */
    public Address address()
    {
        return address;
    }

    /** @return the raw identity key (a copy). */
    public byte[] identityKey()
    {
        return identityKey.clone();
    }

    /**
     * @param domain        {@link SignedRecord#RECORD_DOMAIN} or {@link SignedRecord#DELETE_DOMAIN}.
     * @param key           DHT key.
     * @param payload       the claim.
     * @param expiryEpochMs absolute expiry.
     * @return the signed value.
     */
    public byte[] sign(final String domain, final byte[] key, final byte[] payload, final long expiryEpochMs)
    {
        try
        {
            signature.initSign(privateKey);
            signature.update(SignedRecord.signedBytes(domain, key, expiryEpochMs, payload));
            return SignedRecord.encode(certificate, identityKey, expiryEpochMs, payload, signature.sign());
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("cannot sign a DHT record", ex);
        }
    }

    @Override
    public byte[] seal(final byte[] key, final byte[] payload, final long expiryEpochMs)
    {
        return sign(SignedRecord.RECORD_DOMAIN, key, payload, expiryEpochMs);
    }

    @Override
    public byte[] sealDelete(final byte[] key, final byte[] payload, final long expiryEpochMs)
    {
        return sign(SignedRecord.DELETE_DOMAIN, key, payload, expiryEpochMs);
    }

    @Override
    public byte[] deleteTokenFor(final byte[] key, final byte[] sealed, final long expiryEpochMs)
    {
        if (!view.wrap(sealed) || !Arrays.equals(view.identityKey(), identityKey))
        {
            return null;
        }
        return sealDelete(key, view.payload(), expiryEpochMs);
    }
}
