package org.ipop.overlay.security;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Arrays;

import org.ipop.overlay.address.NodeIdentity;

/**
 * This node's certificate and the private keys it binds: the Ed25519 identity (whose hash is the overlay address)
 * and the X25519 key-agreement key used as the Noise static key.
 */
public final class NodeCredentials
{
    private final NodeCertificate certificate;
    private final NodeIdentity identity;
    private final byte[] agreementPrivateKey;
    private final PrivateKey agreementKey;

    private NodeCredentials(final NodeCertificate certificate, final KeyPair identityKeys, final KeyPair agreementKeys)
    {
        this.certificate = certificate;
        this.identity = NodeIdentity.of(identityKeys);
        this.agreementPrivateKey = RawKeys.rawPrivate(agreementKeys.getPrivate());
        this.agreementKey = agreementKeys.getPrivate();
    }

    /**
     * @param certificate   a node certificate.
     * @param identitySeed  the raw Ed25519 seed of its identity key.
     * @param agreementPriv the raw X25519 private key of its agreement key.
     * @return the credentials.
     * @throws IllegalArgumentException if the keys are not the ones the certificate binds.
     */
    static NodeCredentials of(final NodeCertificate certificate, final byte[] identitySeed, final byte[] agreementPriv)
    {
        final KeyPair identityKeys = RawKeys.ed25519FromSeed(identitySeed);
        final KeyPair agreementKeys = RawKeys.x25519FromPrivate(agreementPriv);
        if (certificate.isCa())
        {
            throw new IllegalArgumentException("a CA certificate is not a node certificate");
        }
        if (!Arrays.equals(RawKeys.rawPublic(identityKeys.getPublic()), certificate.identityKey()) ||
            !Arrays.equals(RawKeys.rawPublic(agreementKeys.getPublic()), certificate.agreementKey()))
        {
            throw new IllegalArgumentException("the key does not belong to certificate " + certificate.name() +
                " (" + certificate.fingerprint() + ")");
        }
        return new NodeCredentials(certificate, identityKeys, agreementKeys);
    }

    /**
     * Loads a certificate and its key file.
     *
     * @param certFile the node certificate (text armour).
     * @param keyFile  the node key file; must have mode 0600 or 0400 (no group or other bits).
     * @return the credentials.
     * @throws IOException with a one-line message naming the file for a missing, unreadable, malformed, too open
     *                     or mismatched file.
     */
    public static NodeCredentials load(final Path certFile, final Path keyFile) throws IOException
    {
        final NodeCertificate certificate = KeyFiles.readCertificate(certFile);
        final byte[] key = KeyFiles.readKey(keyFile, KeyFiles.NODE_KEY_BEGIN, KeyFiles.NODE_KEY_END,
            2 * RawKeys.KEY_LENGTH);
        try
        {
            return of(certificate, Arrays.copyOf(key, RawKeys.KEY_LENGTH),
                Arrays.copyOfRange(key, RawKeys.KEY_LENGTH, 2 * RawKeys.KEY_LENGTH));
        }
        catch (final IllegalArgumentException ex)
        {
            throw new IOException("key file " + keyFile + " does not match certificate " + certFile + ": " + ex.getMessage(), ex);
        }
        finally
        {
            Arrays.fill(key, (byte)0);
        }
    }

    /** @return this node's certificate. */
    public NodeCertificate certificate()
    {
        return certificate;
    }

    /** @return this node's identity (key pair and overlay address, equal to the certificate's address). */
    public NodeIdentity identity()
    {
        return identity;
    }

    /** @return a copy of the raw X25519 private key (the Noise static key); the caller wipes it after use. */
    public byte[] agreementPrivateKey()
    {
        return agreementPrivateKey.clone();
    }

    PrivateKey agreementKey()
    {
        return agreementKey;
    }

    /** The text of a node key file for these credentials. */
    static String keyFileText(final byte[] identitySeed, final byte[] agreementPriv)
    {
        final byte[] both = Arrays.copyOf(identitySeed, 2 * RawKeys.KEY_LENGTH);
        System.arraycopy(agreementPriv, 0, both, RawKeys.KEY_LENGTH, RawKeys.KEY_LENGTH);
        try
        {
            return NodeCertificate.Armour.encode(both, KeyFiles.NODE_KEY_BEGIN, KeyFiles.NODE_KEY_END);
        }
        finally
        {
            Arrays.fill(both, (byte)0);
        }
    }
}
